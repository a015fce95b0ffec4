namespace ResilienceLab.TestSupport;

/// <summary>How a finished (or killed) child process ended.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, TimeSpan Elapsed, bool TimedOut)
{
    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (killed: timed out)" : "")} after {Elapsed.TotalMilliseconds:F0} ms; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}
