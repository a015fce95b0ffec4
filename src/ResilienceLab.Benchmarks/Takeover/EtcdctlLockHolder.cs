using System.Diagnostics;
using ResilienceLab.Benchmarks.Infrastructure;

using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>
/// A separate process holding a lock: <c>etcdctl lock &lt;name&gt; --ttl N</c>, which writes <c>name/&lt;lease hex&gt;</c>
/// bound to an N-second lease it keeps alive, prints the key once it holds the lock and holds it until it dies.
/// SIGKILL leaves the lease to expire; SIGINT makes it unlock and revoke first (a graceful stop; SIGTERM does not).
/// Started by the one process host, <see cref="ChildProcess"/> (it dies with the benchmark).
/// </summary>
internal sealed class EtcdctlLockHolder : IAsyncDisposable
{
    // etcdctl unlocks on SIGINT only; UnixSignal lists the signals the chaos actions send, which does not include it.
    private const UnixSignal Interrupt = (UnixSignal)2;

    private readonly ChildProcess _process;
    private readonly TimeProvider _time;

    private EtcdctlLockHolder(ChildProcess process, TimeProvider time, string key)
    {
        _process = process;
        _time = time;
        Key = key;
    }

    /// <summary>The holder key etcdctl printed.</summary>
    public string Key { get; }

    /// <summary>Starts etcdctl and waits until it holds the lock.</summary>
    /// <exception cref="InvalidOperationException">etcdctl could not be run or exited without the lock; the message has its output.</exception>
    /// <remarks>Credentials go through etcdctl's environment (ETCDCTL_USER, ETCDCTL_PASSWORD), never its command line.</remarks>
    public static async Task<EtcdctlLockHolder> StartAsync(string etcdctl, string endpoint, string name, TimeSpan ttl, TimeProvider time, CancellationToken cancellationToken, string? username = null, string? password = null)
    {
        var info = new ProcessStartInfo(etcdctl);
        info.Environment["ETCDCTL_API"] = "3";
        if (username is not null)
        {
            info.Environment["ETCDCTL_USER"] = username;
            info.Environment["ETCDCTL_PASSWORD"] = password ?? "";
        }

        foreach (var argument in new[] { $"--endpoints={endpoint}", "lock", name, $"--ttl={(int)ttl.TotalSeconds}" })
        {
            info.ArgumentList.Add(argument);
        }

        // The first line etcdctl prints on stdout is the key it holds.
        var firstLine = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(info, new ChildProcessOptions
            {
                OnOutput = (line, isError) =>
                {
                    if (!isError && !string.IsNullOrWhiteSpace(line))
                    {
                        firstLine.TrySetResult(line.Trim());
                    }
                },
            });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not run '{etcdctl}' ({e.Message}): install etcdctl (Debian: apt-get install etcd-client) or pass its path", e);
        }

        try
        {
            var exited = process.Exited.ContinueWith(_ => "", CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            var key = await (await Task.WhenAny(firstLine.Task, exited)).WaitAsync(cancellationToken);
            if (key.Length == 0)
            {
                throw new InvalidOperationException($"etcdctl lock {name} exited without the lock: {process.OutputTail().ReplaceLineEndings(" | ")}");
            }

            return new EtcdctlLockHolder(process, time, key);
        }
        catch
        {
            await new EtcdctlLockHolder(process, time, "").DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process dies at once; its lease expires on the server after the TTL.</summary>
    public void Kill() => _process.Signal(UnixSignal.Kill);

    /// <summary>SIGINT: etcdctl unlocks and closes its session.</summary>
    public void Stop() => _process.Signal(Interrupt);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deadline = new Deadline(TimeSpan.FromSeconds(10), _time, CancellationToken.None);
            await _process.KillAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // A zombie the reaper collects: nothing holds a lock any more.
        }

        _process.Dispose();
    }
}
