namespace ResilienceLab.Cli;

/// <summary>The exit codes every command shares; CI gates on them.</summary>
internal static class ExitCodes
{
    /// <summary>Every check passed.</summary>
    public const int Pass = 0;

    /// <summary>A check failed (a safety or liveness violation, or a probe beyond tolerance).</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad input (plan, history, arguments) or infrastructure failure: the run could not complete.</summary>
    public const int BadInput = 2;

    /// <summary>The run was cancelled by SIGINT (Ctrl-C): the shell's 128 + 2. Nothing was proven either way.</summary>
    public const int Interrupted = 130;

    /// <summary>The run was cancelled by SIGTERM: the shell's 128 + 15.</summary>
    public const int Terminated = 143;
}
