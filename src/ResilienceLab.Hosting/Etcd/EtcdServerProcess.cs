using System.Diagnostics;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Hosting;

/// <summary>
/// One local etcd member of an <see cref="EtcdCluster"/>: its ports, data dir and log stay the same across
/// <see cref="KillAsync"/>, <see cref="StopAsync"/> and <see cref="RestartAsync"/>, so a restart rejoins with its data.
/// Lifecycle calls on one member must not overlap (await one before starting the next).
/// </summary>
public sealed partial class EtcdServerProcess : IAsyncDisposable
{
    private readonly EtcdClusterOptions _options;
    private readonly Func<string> _initialCluster;
    private readonly string _clusterToken;
    private EtcdClient? _probe;
    private ChildProcess? _process;
    private bool _bootstrapped;
    private bool _paused;

    internal EtcdServerProcess(
        string name, int clientPort, int peerPort, string runDirectory, string clusterToken, Func<string> initialCluster, EtcdClusterOptions options)
    {
        Name = name;
        ClientPort = clientPort;
        PeerPort = peerPort;
        ClientUrl = $"{(options.Tls is null ? "http" : "https")}://127.0.0.1:{clientPort}";
        PeerUrl = $"http://127.0.0.1:{peerPort}";
        DataDirectory = Path.Combine(runDirectory, name + ".etcd");
        LogFile = Path.Combine(runDirectory, name + ".log");
        _clusterToken = clusterToken;
        _initialCluster = initialCluster;
        _options = options;
    }

    /// <summary>The member's <c>--name</c>.</summary>
    public string Name { get; }

    /// <summary>Client URL, e.g. http://127.0.0.1:41234.</summary>
    public string ClientUrl { get; }

    /// <summary>Peer URL (raft traffic).</summary>
    public string PeerUrl { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    /// <summary>The member's data dir (kept across restarts, deleted with the cluster).</summary>
    public string DataDirectory { get; }

    /// <summary>etcd's zap log (<c>--log-outputs</c>), appended to across restarts.</summary>
    public string LogFile { get; }

    /// <summary>The raft member id, known once the member has been healthy; 0 before.</summary>
    public ulong MemberId { get; private set; }

    /// <summary>The running process's id, or null when it is not running.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>Whether the process is alive (a paused one is alive).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Whether it was paused with <see cref="PauseAsync"/> and not resumed.</summary>
    public bool IsPaused => IsRunning && _paused;

    /// <summary>
    /// Waits until the member knows a leader and serves a linearizable read, polling with a bounded deadline
    /// (<see cref="EtcdClusterOptions.StartTimeout"/>).
    /// </summary>
    /// <exception cref="EtcdStartException">The process exited, or the deadline passed; the message has the log's tail.</exception>
    public async Task WaitHealthyAsync(CancellationToken cancellationToken = default)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        var probe = _probe ??= EtcdEndpointRing.CreateClient(ClientUrl, _options.Tls?.Client);
        var lastError = "no answer yet";
        while (true)
        {
            var process = _process;
            if (process is null || process.HasExited)
            {
                throw new EtcdStartException(this, $"etcd member {Name} exited with code {(process?.ExitCode is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} before it became healthy", ReadLogTail());
            }

            try
            {
                using var deadline = new EtcdDeadline(EtcdClusterConstants.HealthProbeTimeout, time, cancellationToken);
                var status = await probe.StatusAsync(new StatusRequest(), cancellationToken: deadline.Token);
                if (status.Leader != 0)
                {
                    await ProbeReadAsync(probe, deadline.Token);
                    MemberId = status.Header.MemberId;
                    return;
                }

                lastError = "no leader yet";
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                lastError = error is OperationCanceledException ? "a probe timed out" : error.Message;
            }

            if (time.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new EtcdStartException(this, $"etcd member {Name} at {ClientUrl} was not healthy after {_options.StartTimeout} ({lastError})", ReadLogTail());
            }

            await Task.Delay(EtcdClusterConstants.HealthPollInterval, time, cancellationToken);
        }
    }

    /// <summary>The last lines of the member's log and of what it printed, for error messages.</summary>
    public string ReadLogTail(int lines = 20)
    {
        var tail = new List<string>();
        try
        {
            if (File.Exists(LogFile))
            {
                using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                tail.AddRange(all.TakeLast(lines));
            }
        }
        catch (IOException)
        {
            // The log is diagnostics only; a half-written or deleted file must not hide the real error.
        }

        if (_process is { } process)
        {
            tail.Add(process.OutputTail(lines));
        }
        return string.Join('\n', tail);
    }

    public async ValueTask DisposeAsync()
    {
        await KillCoreAsync(CancellationToken.None);
        _process?.Dispose();
        _process = null;
        _probe?.Dispose();
        _probe = null;
    }

    /// <summary>Launches the process (first time: <c>--initial-cluster-state new</c>; afterwards: existing).</summary>
    internal void Start() => StartCore();

    /// <summary>
    /// A linearizable read. With auth enabled the probe has no token, and etcd answers "user name is empty" only after
    /// the read went through raft's read index: that answer proves the member serves as well as a value would.
    /// </summary>
    private static async Task ProbeReadAsync(EtcdClient probe, CancellationToken cancellationToken)
    {
        try
        {
            await probe.GetAsync(new RangeRequest { Key = ByteString.CopyFromUtf8("health") }, cancellationToken: cancellationToken);
        }
        catch (Grpc.Core.RpcException rpc) when ((rpc.Status.Detail ?? "").Contains("user name is empty", StringComparison.Ordinal))
        {
        }
    }

    private void StartCore()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"etcd member {Name} is already running (pid {_process!.Id}).");
        }

        _process?.Dispose();
        _paused = false;
        var info = new ProcessStartInfo(_options.EtcdPath) { WorkingDirectory = Path.GetDirectoryName(DataDirectory)! };
        foreach (var argument in Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            _process = ChildProcess.Start(info);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new EtcdStartException(this, $"could not run '{_options.EtcdPath}' ({error.Message}): install etcd (Debian: apt-get install etcd-server) or set EtcdClusterOptions.EtcdPath", "");
        }

        _bootstrapped = true;
    }

    private IEnumerable<string> Arguments()
    {
        yield return $"--name={Name}";
        yield return $"--data-dir={DataDirectory}";
        yield return "--logger=zap";
        yield return $"--log-outputs={LogFile}";
        yield return $"--listen-client-urls={ClientUrl}";
        yield return $"--advertise-client-urls={ClientUrl}";
        yield return $"--listen-peer-urls={PeerUrl}";
        yield return $"--initial-advertise-peer-urls={PeerUrl}";
        yield return $"--initial-cluster={_initialCluster()}";
        yield return $"--initial-cluster-token={_clusterToken}";

        // A member that has run once has joined: starting it "new" again would fail with "already been bootstrapped".
        yield return $"--initial-cluster-state={(_bootstrapped ? "existing" : "new")}";
        if (_options.FastFailureDetection)
        {
            yield return $"--heartbeat-interval={EtcdClusterConstants.FastHeartbeatIntervalMs}";
            yield return $"--election-timeout={EtcdClusterConstants.FastElectionTimeoutMs}";
        }

        foreach (var tls in _options.Tls?.Arguments() ?? [])
        {
            yield return tls;
        }

        foreach (var extra in _options.ExtraArguments)
        {
            yield return extra;
        }
    }
}
