using System.Diagnostics;

namespace ResilienceLab.Network.Tests.Support;

/// <summary>
/// One real single-member etcd on free loopback ports with a temporary data directory (mode 0700) and a zap log
/// file; killed and deleted on disposal. Used as a class fixture; fails with the install command when etcd or
/// etcdctl is not on PATH (a skipped test would prove nothing).
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private Process? _process;
    private DirectoryInfo? _root;

    /// <summary>The client endpoint, <c>127.0.0.1:port</c>.</summary>
    public string ClientEndpoint { get; private set; } = "";

    /// <summary>The client port.</summary>
    public int ClientPort { get; private set; }

    /// <summary>Where etcd writes its log (for failure messages).</summary>
    public string LogFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A missing binary fails the tests that need it, with the install command: a skipped test proves nothing.
        var etcd = ExternalTools.Find("etcd") ?? throw new InvalidOperationException("etcd is not on PATH: apt-get install -y etcd-server etcd-client (eng/test.sh installs it).");
        _ = ExternalTools.Find("etcdctl") ?? throw new InvalidOperationException("etcdctl is not on PATH: apt-get install -y etcd-client (eng/test.sh installs it).");

        _root = Directory.CreateTempSubdirectory("reslab-net-etcd-");
        var data = Path.Combine(_root.FullName, "data");

        // etcd creates the data directory itself, with the 0700 mode it insists on.
        LogFile = Path.Combine(_root.FullName, "etcd.log");
        ClientPort = Loopback.FreePort();
        var peerPort = Loopback.FreePort();
        ClientEndpoint = $"127.0.0.1:{ClientPort}";
        var client = $"http://127.0.0.1:{ClientPort}";
        var peer = $"http://127.0.0.1:{peerPort}";

        var start = new ProcessStartInfo(etcd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--name", "s1", "--data-dir", data, "--logger=zap", $"--log-outputs={LogFile}",
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"s1={peer}",
            "--heartbeat-interval=50", "--election-timeout=300",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("etcd did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Bounded: 60 health checks, at most ~30 s in all.
        ProcessResult? last = null;
        for (var i = 0; i < 60; i++)
        {
            if (_process.HasExited)
            {
                break;
            }

            last = await Etcdctl.RunAsync(ClientEndpoint, TimeSpan.FromSeconds(5), "--command-timeout=1s", "endpoint", "health");
            if (last.ExitCode == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
        }

        var log = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(20)) : "(no log)";
        throw new InvalidOperationException($"etcd on {ClientEndpoint} did not become healthy (last check: {last}); log tail:\n{log}");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15), TimeProvider.System);
            }

            _process.Dispose();
        }

        try
        {
            _root?.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
