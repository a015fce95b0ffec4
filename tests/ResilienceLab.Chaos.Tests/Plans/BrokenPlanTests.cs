using System.Text.RegularExpressions;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>
/// Every plan in tests/plans-broken/ is rejected with exactly the errors its header announces:
/// <c># expect: LINE:COL CODE message-fragment</c> (one line per error); <c># schema: reject</c> means the JSON
/// Schema must reject it too.
/// </summary>
public sealed partial class BrokenPlanTests
{
    public static TheoryData<string> Plans()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepoPaths.YamlFiles(RepoPaths.BrokenPlans))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_IsLarge()
    {
        Assert.True(RepoPaths.YamlFiles(RepoPaths.BrokenPlans).Count() >= 40);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void LoadFile_BrokenPlan_ReportsExactlyTheExpectedErrors(string name)
    {
        var path = Path.Combine(RepoPaths.BrokenPlans, name);
        var expected = Expectations(path);
        Assert.NotEmpty(expected);

        var result = ChaosPlanLoader.LoadFile(path);

        Assert.Null(result.Plan);
        var errors = result.Errors;
        var report = string.Join(Environment.NewLine, result.Diagnostics);
        Assert.True(expected.Count == errors.Count, $"expected {expected.Count} errors, got {errors.Count}:{Environment.NewLine}{report}");
        foreach (var (line, column, code, fragment) in expected)
        {
            Assert.True(
                errors.Any(e => e.Line == line && e.Column == column && e.Code == code && e.Message.Contains(fragment, StringComparison.Ordinal)),
                $"no error {line}:{column} {code} containing \"{fragment}\"; got:{Environment.NewLine}{report}");
        }

        Assert.All(result.Diagnostics, d => Assert.Equal(path, d.File));
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("Exception", StringComparison.Ordinal) || d.Message.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Schema_BrokenPlanMarkedReject_IsRejected(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.BrokenPlans, name));
        if (!text.Contains("# schema: reject", StringComparison.Ordinal))
        {
            return;
        }

        Assert.NotNull(PlanSchema.Errors(text));
    }

    private static List<(int Line, int Column, string Code, string Fragment)> Expectations(string path) =>
        [.. File.ReadLines(path)
            .Select(l => ExpectLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value, m.Groups[4].Value.Trim()))];

    [GeneratedRegex(@"^# expect: (\d+):(\d+) (RLP\d{3}) (.+)$")]
    private static partial Regex ExpectLine();
}
