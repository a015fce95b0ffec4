namespace ResilienceLab.Hosting;

/// <summary>How a child run to its end by <see cref="ChildProcess.RunAsync"/> ended (or was killed at its limit).</summary>
/// <param name="ExitCode">Its exit code (a signal's death as the runtime reports it).</param>
/// <param name="Output">What it printed on stdout, lines joined with '\n'.</param>
/// <param name="Error">What it printed on stderr.</param>
/// <param name="Elapsed">From the start to the exit (or the kill).</param>
/// <param name="TimedOut">True when it outlived its limit and was SIGKILLed.</param>
public sealed record ChildProcessResult(int ExitCode, string Output, string Error, TimeSpan Elapsed, bool TimedOut)
{
    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (killed: timed out)" : "")} after {Elapsed.TotalMilliseconds:F0} ms; stdout: {Output.Trim()}; stderr: {Error.Trim()}";
}
