namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>What one command printed and how it ended.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Duration)
{
    /// <summary>The command, its exit code and its output, for an assertion message.</summary>
    public override string ToString() =>
        $"`{Command}` exited {ExitCode} after {Duration.TotalSeconds:0.0} s\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Tail(Stderr)}";

    private static string Tail(string text) => text.Length > 6000 ? "…" + text[^6000..] : text;
}
