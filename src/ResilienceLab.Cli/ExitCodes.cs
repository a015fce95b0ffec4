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
}
