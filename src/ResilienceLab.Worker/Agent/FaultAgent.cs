using System.Globalization;
using Microsoft.Extensions.Logging;
using ResilienceLab.Hosting;
using ResilienceLab.Network;

namespace ResilienceLab.Worker;

/// <summary>
/// The faults an agent applies to its worker, and the controller's lease over them. Pause and resume are SIGSTOP and
/// SIGCONT to the worker process; partition, reset and latency act on the localhost <see cref="FaultProxy"/> per store
/// endpoint the worker connects through; store faults go to the worker's fault file, as on the local target. Every call
/// from the controller renews the lease; <see cref="CheckLease"/> heals and resumes everything once the lease has
/// run out with a fault in force, so a worker is never left stopped or cut off because the controller died.
/// </summary>
internal sealed class FaultAgent : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<(int? Pid, string? Problem)> _findWorker;
    private readonly List<FaultProxy> _proxies = [];
    private long _renewed;
    private int? _pausedPid;
    private string _storeFault = "";
    private int _heals;
    private bool _disposed;

    public FaultAgent(AgentOptions options, TimeProvider time, ILogger logger, Func<(int? Pid, string? Problem)>? findWorker = null)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _findWorker = findWorker ?? (() => WorkerProcessFinder.Find(options.PodName!));
        _renewed = time.GetTimestamp();
        var ports = AgentOptionsValidator.Split(options.ProxyPorts);
        try
        {
            foreach (var (upstream, i) in AgentOptionsValidator.Split(options.Upstreams).Select((u, i) => (ProxyEndpoint.Parse(u), i)))
            {
                _proxies.Add(FaultProxy.Start(new FaultProxyOptions
                {
                    Name = $"{options.PodName}->{upstream.Host}:{upstream.Port}",
                    UpstreamHost = upstream.Host,
                    UpstreamPort = upstream.Port,
                    ListenPort = int.Parse(ports[i], CultureInfo.InvariantCulture),
                }, time));
            }
        }
        catch
        {
            foreach (var proxy in _proxies)
            {
                proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            throw;
        }

        if (options.FaultFile is { } file)
        {
            // A fault file left by an earlier agent of this pod must not outlive it.
            FaultFile.Write(file, "");
        }
    }

    /// <summary>The proxies' listening endpoints, for the start-up log line.</summary>
    public IReadOnlyList<FaultProxy> Proxies => _proxies;

    /// <summary>Whether a fault is in force (the lease matters only then).</summary>
    private bool HasFaults => _pausedPid is not null || _storeFault.Length > 0 || _proxies.Any(p => !p.Fault.IsHealthy);

    /// <summary>The controller is alive: the lease runs for another <see cref="AgentOptions.LeaseTtl"/>.</summary>
    public void Renew() => Interlocked.Exchange(ref _renewed, _time.GetTimestamp());

    public AgentStatus Status() => UnderGate(() => { });

    /// <summary>SIGSTOP the worker, then wait until every thread of it has stopped (outside the gate: status stays answerable).</summary>
    public async Task<AgentStatus> PauseAsync(CancellationToken cancellationToken)
    {
        int worker;
        lock (_gate)
        {
            var (pid, problem) = _findWorker();
            worker = pid ?? throw new AgentRefusedException($"cannot pause: {problem}");
            if (!Signals.Send(worker, UnixSignal.Stop))
            {
                throw new AgentRefusedException($"cannot pause: the worker (pid {worker}) exited");
            }

            _pausedPid = worker;
        }

        var started = _time.GetTimestamp();
        while (!Signals.AllThreadsStopped(worker) && _time.GetElapsedTime(started) < AgentConstants.StopSettleTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), _time, cancellationToken);
        }

        _logger.LogWarning("Paused worker {Pod} (pid {Pid}) with SIGSTOP", _options.PodName, worker);
        return Status();
    }

    /// <summary>SIGCONT the worker this agent paused (nothing when it paused none).</summary>
    public AgentStatus Resume() => UnderGate(ResumeWorker);

    public AgentStatus Partition() => UnderGate(() => ForEach("partitioned (blackhole)", p => p.Blackhole()));

    public AgentStatus Reset() => UnderGate(() => ForEach("resetting connections", p => p.Reset()));

    /// <summary><paramref name="latency"/> ± <paramref name="jitter"/> on each direction of the worker's store traffic (the controller splits the plan's round trip: LatencyFault).</summary>
    public AgentStatus SetLatency(TimeSpan latency, TimeSpan jitter) =>
        UnderGate(() => ForEach($"latency {latency} ± {jitter} each way", p => p.SetLatency(latency, jitter)));

    public AgentStatus SetStoreFault(bool unavailable, double probability, long seed) => UnderGate(
        () =>
        {
            var file = _options.FaultFile ?? throw new AgentRefusedException($"cannot inject store faults: {AgentConstants.Section}:FaultFile is not set (mount a volume shared with the worker and point both Store:FaultFile and {AgentConstants.Section}:FaultFile at one file on it)");
            _storeFault = InjectedStoreFaults.Format(unavailable, probability, seed);
            FaultFile.Write(file, _storeFault);
            _logger.LogWarning("Store faults for worker {Pod}: {Fault}", _options.PodName, _storeFault);
        });

    /// <summary>Removes the network and store faults (a pause ends with resume).</summary>
    public AgentStatus Heal() => UnderGate(HealFaults);

    /// <summary>Heals and resumes everything when the lease has run out with a fault in force; true when it did.</summary>
    public bool CheckLease()
    {
        lock (_gate)
        {
            var silent = _time.GetElapsedTime(Interlocked.Read(ref _renewed));
            if (!HasFaults || silent <= _options.LeaseTtl)
            {
                return false;
            }

            _logger.LogWarning("No word from the chaos controller for {Silent} (lease {Ttl}): healing and resuming worker {Pod} on my own", silent, _options.LeaseTtl, _options.PodName);
            ReleaseAll();
            _heals++;
            return true;
        }
    }

    /// <summary>Resumes the worker and removes every fault: the agent is stopping, and no fault may outlive it.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            ReleaseAll();
        }

        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
    }

    private AgentStatus UnderGate(Action action)
    {
        lock (_gate)
        {
            action();
            return Snapshot();
        }
    }

    private void ReleaseAll()
    {
        ResumeWorker();
        HealFaults();
    }

    private void ResumeWorker()
    {
        if (_pausedPid is { } pid)
        {
            _pausedPid = null;
            var alive = Signals.Send(pid, UnixSignal.Continue);
            _logger.LogWarning("Resumed worker {Pod} (pid {Pid}) with SIGCONT{Gone}", _options.PodName, pid, alive ? "" : " (it had exited)");
        }
    }

    private void HealFaults()
    {
        foreach (var proxy in _proxies)
        {
            proxy.Heal();
        }

        if (_options.FaultFile is { } file && _storeFault.Length > 0)
        {
            FaultFile.Write(file, "");
        }

        _storeFault = "";
        _logger.LogInformation("Healed the store traffic of worker {Pod}", _options.PodName);
    }

    private void ForEach(string what, Action<FaultProxy> apply)
    {
        foreach (var proxy in _proxies)
        {
            apply(proxy);
        }

        _logger.LogWarning("Store traffic of worker {Pod}: {Fault}", _options.PodName, what);
    }

    private AgentStatus Snapshot()
    {
        var (pid, problem) = _findWorker();
        var network = _proxies.Count == 0 ? "none" : _proxies[0].Fault.ToString();
        return new AgentStatus(_options.PodName!, pid, problem, _pausedPid is not null, network, _storeFault, _options.LeaseTtl, _heals);
    }
}
