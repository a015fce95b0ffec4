using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Hosting;

public sealed partial class EtcdServerProcess
{
    /// <summary>SIGKILLs the member and waits until the process has exited (so its ports and data dir are free).</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => KillCoreAsync(cancellationToken);

    /// <summary>SIGTERMs the member (a graceful stop) and waits for it to exit; SIGKILLs it after <see cref="EtcdClusterOptions.StopTimeout"/>.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopCoreAsync(cancellationToken);

    /// <summary>
    /// Stops the member if it runs (SIGTERM), then starts it again with the same name, ports and data dir
    /// (<c>--initial-cluster-state existing</c>) and waits until it is healthy.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopCoreAsync(cancellationToken);
        StartCore();
        await WaitHealthyAsync(cancellationToken);
    }

    /// <summary>
    /// Freezes the member with SIGSTOP and waits until every one of its threads has stopped (the signal is
    /// delivered asynchronously: without the wait a loaded machine lets it answer a few more requests).
    /// Connections stay open but nothing answers: a "gray" failure.
    /// </summary>
    public async Task PauseAsync(CancellationToken cancellationToken = default)
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException($"etcd member {Name} is not running.");
        if (!process.Signal(UnixSignal.Stop))
        {
            throw new InvalidOperationException($"etcd member {Name} (pid {process.Id}) could not be paused: it has exited.");
        }

        _paused = true;
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        while (!Signals.AllThreadsStopped(process.Id))
        {
            if (time.GetElapsedTime(started) > _options.StopTimeout)
            {
                throw new InvalidOperationException($"etcd member {Name} (pid {process.Id}) did not stop within {_options.StopTimeout} of SIGSTOP.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), time, cancellationToken);
        }
    }

    /// <summary>Thaws a paused member with SIGCONT.</summary>
    public void Resume()
    {
        if (_process is { HasExited: false } process)
        {
            process.Signal(UnixSignal.Continue);
        }

        _paused = false;
    }

    private async Task KillCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        await process.KillAsync(cancellationToken);
        _paused = false;
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Signal(UnixSignal.Terminate);
        if (_paused)
        {
            // A stopped process only acts on SIGTERM once it runs again.
            process.Signal(UnixSignal.Continue);
            _paused = false;
        }

        using var deadline = new EtcdDeadline(_options.StopTimeout, _options.TimeProvider, cancellationToken);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.TimedOut)
        {
            await KillCoreAsync(cancellationToken);
        }
    }
}
