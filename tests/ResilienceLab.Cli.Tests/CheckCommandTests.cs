using System.CommandLine;
using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Cli.Tests;

/// <summary>`reslab check` option errors, invoked in-process as the real binary parses them: bad input exits 2.</summary>
public sealed class CheckCommandTests
{
    private static (int ExitCode, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { CheckCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["check", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error.ToString());
    }

    [Theory]
    [InlineData("--lock-ttl", "1e400s")]
    [InlineData("--lock-ttl", "1e15h")]
    [InlineData("--resume-slack", "1e300ms")]
    [InlineData("--failover-bound", "-1s")]
    public void Check_OutOfRangeDuration_IsBadInputNotInconclusive(string option, string value)
    {
        var (exitCode, output) = Invoke("/nonexistent/history", option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: {option} '{value}' is not a duration", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ZeroLockTtl_IsRefused()
    {
        var (exitCode, output) = Invoke("/nonexistent/history", "--lock-ttl", "0s");

        Assert.Equal(2, exitCode);
        Assert.Contains("--lock-ttl must be greater than 0s", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e15h")]
    [InlineData("1e400s")]
    [InlineData("NaNs")]
    [InlineData("Infinityms")]
    public void ParseDuration_BeyondTimeSpan_IsNull(string text)
    {
        Assert.Null(CheckCommand.ParseDuration(text));
    }
}
