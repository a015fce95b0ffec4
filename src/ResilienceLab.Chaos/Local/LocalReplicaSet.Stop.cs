using Microsoft.Extensions.Logging;

using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.Local;

public sealed partial class LocalReplicaSet
{
    /// <summary>
    /// Stops the set: no more replacements; every live process is SIGCONTed (paused or not, so none stays frozen)
    /// and SIGTERMed; survivors of <see cref="LocalReplicaSetOptions.StopTimeout"/> are SIGKILLed. Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_stopping)
            {
                _stopping = true;
                _stop.Cancel();
            }

            _stopped ??= StopCoreAsync();
            return _stopped.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task StopCoreAsync()
    {
        // Yield so that the caller's lock is released before we wait on anything.
        await Task.Yield();
        var live = Live;
        foreach (var replica in live)
        {
            Signal(replica, UnixSignal.Continue);
            replica.SetPaused(false);
        }

        foreach (var replica in live)
        {
            Signal(replica, UnixSignal.Terminate);
        }

        if (!await WaitExitedAsync(live, Options.StopTimeout))
        {
            foreach (var replica in live.Where(r => !r.HasExited))
            {
                _logger.LogWarning("Replica {Replica} did not stop within {Timeout} of SIGTERM; sending SIGKILL", replica.Name, Options.StopTimeout);
                Signal(replica, UnixSignal.Kill);
            }

            if (!await WaitExitedAsync(live, LocalReplicaSetConstants.KillWaitTimeout))
            {
                _logger.LogError("Replicas {Replicas} were still not reaped {Timeout} after SIGKILL", string.Join(", ", live.Where(r => !r.HasExited).Select(r => r.ToString())), LocalReplicaSetConstants.KillWaitTimeout);
            }
        }

        Task[] monitors;
        lock (_gate)
        {
            monitors = [.. _monitors];
        }

        // Monitors end once their process has exited and its output is written (a pending restart sees _stopping).
        try
        {
            await Task.WhenAll(monitors).WaitAsync(LocalReplicaSetConstants.KillWaitTimeout, _time);
        }
        catch (TimeoutException)
        {
            _logger.LogError("Replica monitors did not finish within {Timeout}", LocalReplicaSetConstants.KillWaitTimeout);
        }

        foreach (var replica in All)
        {
            replica.Process?.Dispose();
        }
    }

    private async Task<bool> WaitExitedAsync(IReadOnlyList<LocalReplica> replicas, TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(replicas.Select(r => r.Exited)).WaitAsync(timeout, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
