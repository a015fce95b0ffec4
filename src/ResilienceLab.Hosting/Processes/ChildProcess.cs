using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResilienceLab.Hosting;

/// <summary>
/// A process this one started — an etcd member, a nats-server, a local replica — and the one way the project starts
/// them: it keeps the last lines of the child's output, signals it, reaps it, and ties its life to this process. On
/// Linux the child runs under <c>setpriv --pdeathsig KILL</c> forked from one long-lived thread, so the kernel
/// SIGKILLs it when this process dies on any path, SIGKILL included (a stopped child too: SIGKILL needs no
/// SIGCONT). On a normal exit a ProcessExit hook kills what is still running.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private static int _exitHookRegistered;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ChildProcessOptions _options;

    private ChildProcess(Process process, string command, ChildProcessOptions options)
    {
        _process = process;
        _options = options;
        Command = command;
    }

    /// <summary>The program the caller asked for (not the setpriv wrapper), for messages.</summary>
    public string Command { get; }

    /// <summary>The OS process id (setpriv execs the program: the same pid).</summary>
    public int Id { get; private set; }

    /// <summary>Whether the kernel kills it when this process dies (setpriv was used).</summary>
    public bool DiesWithParent { get; private set; }

    /// <summary>Completes once the process has exited, been reaped and its output read to the end.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>Whether the process has exited (and been reaped).</summary>
    public bool HasExited => Exited.IsCompleted;

    /// <summary>The exit code once it has exited (128 + n when killed by signal n); null before.</summary>
    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>The child's stdin when <see cref="ChildProcessOptions.KeepStandardInputOpen"/>; null otherwise.</summary>
    public StreamWriter? StandardInput => _options.KeepStandardInputOpen ? _process.StandardInput : null;

    /// <summary>
    /// Starts <paramref name="info"/> (its <see cref="ProcessStartInfo.ArgumentList"/>; output is always redirected).
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be run (not found, not executable).</exception>
    public static ChildProcess Start(ProcessStartInfo info, ChildProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!string.IsNullOrEmpty(info.Arguments))
        {
            throw new ArgumentException("Pass arguments through ProcessStartInfo.ArgumentList (they are re-quoted for setpriv).", nameof(info));
        }

        options ??= new ChildProcessOptions();
        var command = info.FileName;
        var diesWithParent = options.DiesWithParent && OperatingSystem.IsLinux() && File.Exists(ChildProcessConstants.SetprivPath);
        if (diesWithParent)
        {
            // Under setpriv a missing program is setpriv's exit code 127, not the Win32Exception callers turn into
            // "install X": look it up first so both paths report the same.
            if (ResolveProgram(info.FileName) is null)
            {
                throw new System.ComponentModel.Win32Exception(2, $"No such file or directory: '{info.FileName}'");
            }

            // setpriv sets PR_SET_PDEATHSIG, then execs the program in the same process.
            string[] wrapped = ["--pdeathsig", "KILL", "--", info.FileName, .. info.ArgumentList];
            info.FileName = ChildProcessConstants.SetprivPath;
            info.ArgumentList.Clear();
            foreach (var argument in wrapped)
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = options.KeepStandardInputOpen;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, command, options) { DiesWithParent = diesWithParent };
        process.OutputDataReceived += (_, e) => child.Remember(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.Remember(e.Data, isError: true);
        try
        {
            ProcessLauncherThread.Start(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        child.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Exited = child.WatchAsync();
        Track(child);
        return child;
    }

    /// <summary>
    /// Runs <paramref name="info"/> to its end and returns its exit code and output; SIGKILLs it once it has run for
    /// <paramref name="limit"/> (on <paramref name="timeProvider"/>, the system clock by default) or when
    /// <paramref name="cancellationToken"/> fires, and reports that as <see cref="ChildProcessResult.TimedOut"/>.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be run (not found, not executable).</exception>
    public static async Task<ChildProcessResult> RunAsync(ProcessStartInfo info, TimeSpan limit, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var time = timeProvider ?? TimeProvider.System;
        var began = time.GetTimestamp();
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        using var child = Start(info, new ChildProcessOptions { OnOutput = (line, isError) => (isError ? errors : output).Enqueue(line) });
        var timedOut = false;
        try
        {
            await child.Exited.WaitAsync(limit, time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            timedOut = true;
            await child.KillAsync(CancellationToken.None);
        }

        return new ChildProcessResult(child.ExitCode ?? -1, string.Join('\n', output), string.Join('\n', errors), time.GetElapsedTime(began), timedOut);
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process has already exited (its pid may be reused since).</summary>
    public bool Signal(UnixSignal signal) => !HasExited && Signals.Send(Id, signal);

    /// <summary>SIGKILL (a stopped process dies too) and waits until it is reaped.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        Signal(UnixSignal.Kill);
        await Exited.WaitAsync(cancellationToken);
    }

    /// <summary>Waits until the process has exited and its output is read.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => Exited.WaitAsync(cancellationToken);

    /// <summary>The last <paramref name="lines"/> lines it printed (stdout and stderr interleaved), for error messages.</summary>
    public string OutputTail(int lines = 20) => string.Join('\n', _output.TakeLast(lines));

    /// <summary>SIGKILLs the process if it still runs and releases it.</summary>
    public void Dispose()
    {
        Signal(UnixSignal.Kill);
        Live.TryRemove(this, out _);
        _process.Dispose();
    }

    public override string ToString() => $"{Path.GetFileName(Command)} (pid {Id}{(HasExited ? $", exited {ExitCode}" : string.Empty)})";

    private async Task WatchAsync()
    {
        // Returns once the process is reaped and both output streams are at end of file.
        await _process.WaitForExitAsync(CancellationToken.None);
        Live.TryRemove(this, out _);
    }

    private void Remember(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > _options.OutputLinesKept && _output.TryDequeue(out _))
        {
        }

        _options.OnOutput?.Invoke(line, isError);
    }

    /// <summary>Where <paramref name="program"/> is: itself when it is a path (and exists), else the first match on PATH; null when nowhere.</summary>
    public static string? ResolveProgram(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>A normal exit of this process (or one without setpriv) must not leave children running either.</summary>
    private static void Track(ChildProcess child)
    {
        if (child._options.DiesWithParent)
        {
            Live[child] = 0;
        }

        if (Interlocked.Exchange(ref _exitHookRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var live in Live.Keys)
                {
                    live.Signal(UnixSignal.Kill);
                }
            };
        }
    }
}
