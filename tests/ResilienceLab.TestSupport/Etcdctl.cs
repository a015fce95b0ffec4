using System.Diagnostics;
using System.Threading.Channels;
using ResilienceLab.Hosting;

namespace ResilienceLab.TestSupport;

/// <summary>
/// <c>etcdctl</c> (API v3) as a child process of the one process host (<see cref="ChildProcess"/>: dies with the test
/// process, keeps its last lines): run to completion with a hard wall-clock limit, or started and watched line by line.
/// </summary>
public sealed class Etcdctl : IDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly ChildProcess _process;

    private Etcdctl(IEnumerable<string> endpoints, IEnumerable<string> arguments)
    {
        _process = ChildProcess.Start(StartInfo(endpoints, arguments), new ChildProcessOptions
        {
            OnOutput = (line, isError) =>
            {
                if (!isError)
                {
                    _lines.Writer.TryWrite(line);
                }
            },
        });
        _ = _process.Exited.ContinueWith(_ => _lines.Writer.TryComplete(), TaskScheduler.Default);
    }

    /// <summary>Starts a long-running etcdctl (<c>lock</c>, <c>elect</c>, <c>watch</c>) against <paramref name="endpoints"/>.</summary>
    public static Etcdctl Start(IEnumerable<string> endpoints, params string[] arguments) => new(endpoints, arguments);

    /// <summary>Runs etcdctl against <paramref name="endpoint"/> to its end, killing it after <paramref name="limit"/>.</summary>
    public static Task<ChildProcessResult> RunAsync(string endpoint, TimeSpan limit, params string[] arguments) =>
        ChildProcess.RunAsync(StartInfo([endpoint], arguments), limit);

    /// <summary>Waits for a stdout line that matches, at most <paramref name="timeout"/> (15 s by default).</summary>
    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15), TimeProvider.System);
        await foreach (var line in _lines.Reader.ReadAllAsync(cancel.Token))
        {
            if (match(line))
            {
                return;
            }
        }

        throw new InvalidOperationException($"etcdctl ended without the expected line: {_process.OutputTail()}");
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> endpoints, IEnumerable<string> arguments)
    {
        var program = ChildProcess.ResolveProgram("etcdctl") ?? throw new InvalidOperationException("etcdctl is not on PATH: apt-get install -y etcd-client (eng/test.sh installs it).");
        var info = new ProcessStartInfo(program);
        info.Environment["ETCDCTL_API"] = "3";
        info.ArgumentList.Add($"--endpoints={string.Join(',', endpoints)}");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>SIGKILL.</summary>
    public void Kill() => _process.Signal(UnixSignal.Kill);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
