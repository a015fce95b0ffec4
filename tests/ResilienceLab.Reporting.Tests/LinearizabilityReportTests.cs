using System.Text.RegularExpressions;
using ResilienceLab.History;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Checkers.Linearizability;

namespace ResilienceLab.Reporting.Tests;

/// <summary>A linearizability failure is drawn as Porcupine draws one: the longest linearizable prefix in order, then what cannot be placed.</summary>
public sealed class LinearizabilityReportTests : IDisposable
{
    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-linearizability-");

    public void Dispose() => _directory.Delete(recursive: true);

    // a changes the key, then b, both acknowledged; c then reads what a wrote: no order explains it.
    [Theory]
    [InlineData(HistoryOps.RegisterWrite, "1", "2", HistoryOps.RegisterRead, "register", "\"2\"")]
    [InlineData(HistoryOps.CounterIncrement, "1", "2", HistoryOps.CounterRead, "counter", "2")]
    public void WriteAll_NotLinearizable_ShowsThePrefixInOrderAndTheUnplacedRead(string change, string first, string second, string read, string model, string state)
    {
        var verdict = Verify(change, first, second, read);

        var violation = Assert.Single(verdict.Results.Single(r => r.Name == LinearizabilityConstants.Name).Violations);
        var failure = Assert.IsType<LinearizabilityFailure>(violation.Linearization);
        Assert.Equal(model, failure.Model);
        Assert.Equal(["a", "b"], failure.Linearized.Select(o => o.Process));
        Assert.Equal(state, failure.StateAfterPrefix);
        Assert.Equal("c", Assert.Single(failure.Unplaced).Process);

        var html = File.ReadAllText(ReportWriter.WriteAll(_directory.FullName, verdict).Html);
        Assert.Contains($"Longest linearizable prefix of {model} /k: 2 operation(s)", html);
        Assert.Matches("<li>a [^<]*</li>\\s*<li>b [^<]*</li>\\s*<li class=\"unplaced\">cannot be placed: c ", html);
        var zoom = html[html.IndexOf("class=\"timeline zoom\"", StringComparison.Ordinal)..];
        Assert.Equal(2, Regex.Count(zoom, "<rect class=\"op lin\""));
        Assert.Contains("#1 ", zoom);
        Assert.Matches("<rect class=\"violation-op\"[^>]*><title>V1: c ", zoom);
    }

    private static Verdict Verify(string change, string first, string second, string read)
    {
        var entries = new List<HistoryEntry>();
        void Op(string process, double from, double to, string op, string? value)
        {
            entries.Add(new HistoryEntry { Time = Origin.AddSeconds(from), Process = process, Type = HistoryEntryType.Invoke, Op = op, Id = 1, Key = "/k", Value = op == read ? null : value });
            entries.Add(new HistoryEntry { Time = Origin.AddSeconds(to), Process = process, Type = HistoryEntryType.Ok, Op = op, Id = 1, Key = "/k", Value = value });
        }

        Op("a", 0, 1, change, first);
        Op("b", 2, 3, change, second);
        Op("c", 4, 5, read, first);
        return Verifier.Verify(MergedHistory.FromEntries([.. entries.OrderBy(e => e.Time)], "inline"), new RunMetadata { Name = "not-linearizable" }, checks: [new LinearizabilityCheck()]);
    }
}
