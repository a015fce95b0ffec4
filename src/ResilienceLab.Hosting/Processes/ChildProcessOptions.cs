namespace ResilienceLab.Hosting;

/// <summary>How <see cref="ChildProcess.Start"/> runs a child: its output handling and whether it dies with this process.</summary>
public sealed class ChildProcessOptions
{
    /// <summary>Lines of stdout and stderr kept for error messages (<see cref="ChildProcess.OutputTail"/>).</summary>
    public int OutputLinesKept { get; init; } = ChildProcessConstants.DefaultOutputLinesKept;

    /// <summary>Called for every line the child prints (stderr lines with <c>true</c>); runs on a thread-pool thread.</summary>
    public Action<string, bool>? OnOutput { get; init; }

    /// <summary>
    /// True (the default): the kernel SIGKILLs the child when this process dies, however it dies (SIGKILL
    /// included), through <c>setpriv --pdeathsig KILL</c>. False only for a helper that must outlive this
    /// process for a moment (the run-directory guard) and ends by itself.
    /// </summary>
    public bool DiesWithParent { get; init; } = true;

    /// <summary>Keeps the child's stdin as a pipe only this process holds: the child reads EOF once this process is gone.</summary>
    public bool KeepStandardInputOpen { get; init; }
}
