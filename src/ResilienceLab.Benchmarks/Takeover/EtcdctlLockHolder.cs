using System.Collections.Concurrent;
using System.Diagnostics;
using ResilienceLab.Benchmarks.Infrastructure;

using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>
/// A separate process holding a lock: <c>etcdctl lock &lt;name&gt; --ttl N</c>, which writes <c>name/&lt;lease hex&gt;</c>
/// bound to an N-second lease it keeps alive, prints the key once it holds the lock and holds it until it dies.
/// SIGKILL leaves the lease to expire; SIGINT makes it unlock and revoke first (a graceful stop; SIGTERM does not).
/// </summary>
internal sealed class EtcdctlLockHolder : IAsyncDisposable
{
    // etcdctl unlocks on SIGINT only; UnixSignal lists the signals the chaos actions send, which does not include it.
    private const UnixSignal Interrupt = (UnixSignal)2;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TimeProvider _time;

    private EtcdctlLockHolder(Process process, TimeProvider time)
    {
        _process = process;
        _time = time;
    }

    /// <summary>The holder key etcdctl printed.</summary>
    public string Key { get; private set; } = "";

    /// <summary>Starts etcdctl and waits until it holds the lock.</summary>
    /// <exception cref="InvalidOperationException">etcdctl could not be run or exited without the lock; the message has its stderr.</exception>
    /// <remarks>Credentials go through etcdctl's environment (ETCDCTL_USER, ETCDCTL_PASSWORD), never its command line.</remarks>
    public static async Task<EtcdctlLockHolder> StartAsync(string etcdctl, string endpoint, string name, TimeSpan ttl, TimeProvider time, CancellationToken cancellationToken, string? username = null, string? password = null)
    {
        var info = new ProcessStartInfo(etcdctl)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"could not run '{etcdctl}' ({e.Message}): install etcdctl (Debian: apt-get install etcd-client) or pass its path", e);
        }

        var holder = new EtcdctlLockHolder(process, time);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && holder._errors.Count < 20)
            {
                holder._errors.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var key = await process.StandardOutput.ReadLineAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new InvalidOperationException($"etcdctl lock {name} exited without the lock: {string.Join(" | ", holder._errors)}");
            }

            holder.Key = key.Trim();
            return holder;
        }
        catch
        {
            await holder.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process dies at once; its lease expires on the server after the TTL.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGINT: etcdctl unlocks and closes its session.</summary>
    public void Stop() => Signals.Send(_process.Id, Interrupt);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
            }

            using var deadline = new Deadline(TimeSpan.FromSeconds(10), _time, CancellationToken.None);
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or a zombie the reaper collects: nothing holds a lock any more.
        }

        _process.Dispose();
    }
}
