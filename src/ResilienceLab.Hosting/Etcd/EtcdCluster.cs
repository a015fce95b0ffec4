using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Hosting;

/// <summary>
/// Real etcd members (the Debian binary) on free 127.0.0.1 ports, in a fresh 0700 directory, for tests,
/// benchmarks and the local chaos target. Disposing kills every member and deletes the directory.
/// </summary>
/// <example>
/// <code>
/// await using var cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 3 });
/// await using var store = cluster.CreateStore();
/// var leader = await cluster.WaitForLeaderAsync();
/// await leader.KillAsync();
/// </code>
/// </example>
public sealed partial class EtcdCluster : IAsyncDisposable
{
    private readonly EtcdClusterOptions _options;
    private readonly EtcdServerProcess[] _members;
    private int _disposed;

    private EtcdCluster(EtcdClusterOptions options, string directory, string token)
    {
        _options = options;
        Directory = directory;
        ClusterToken = token;
        var ports = FreePorts.Allocate(options.Members * 2);
        _members = Enumerable.Range(0, options.Members)
            .Select(i => new EtcdServerProcess($"m{i + 1}", ports[2 * i], ports[(2 * i) + 1], directory, token, InitialCluster, options))
            .ToArray();
    }

    /// <summary>The members, in the order of <see cref="ClientEndpoints"/>.</summary>
    public IReadOnlyList<EtcdServerProcess> Members => _members;

    /// <summary>Every member's client URL.</summary>
    public IReadOnlyList<string> ClientEndpoints => _members.Select(m => m.ClientUrl).ToList();

    /// <summary>The client URLs comma-separated, as etcdctl's <c>--endpoints</c> and <see cref="EtcdStoreOptions.FromEndpoints"/> take them.</summary>
    public string ConnectionString => string.Join(',', ClientEndpoints);

    /// <summary>This run's <c>--initial-cluster-token</c> (unique, so members of two runs never join each other).</summary>
    public string ClusterToken { get; }

    /// <summary>The run's directory (data dirs and logs), deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>
    /// Starts the members and waits until each knows a leader and serves a linearizable read. Retries on fresh
    /// ports when another process took one in between.
    /// </summary>
    /// <exception cref="EtcdStartException">A member did not start or become healthy; the message has its log's tail.</exception>
    public static async Task<EtcdCluster> StartAsync(EtcdClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EtcdClusterOptions();
        options.Validate();
        return await PortConflict.RetryOnFreshPortsAsync<EtcdCluster, EtcdStartException>(
            async ct =>
            {
                // Fresh ports on every attempt: another process took one of the last attempt's in between.
                var cluster = Create(options);
                try
                {
                    foreach (var member in cluster._members)
                    {
                        member.Start();
                    }

                    await cluster.WaitHealthyAsync(ct);
                    return cluster;
                }
                catch
                {
                    await cluster.DisposeAsync();
                    throw;
                }
            },
            e => e.IsPortConflict,
            options.TimeProvider,
            cancellationToken);
    }

    /// <summary>A store on every member (calls fail over between them).</summary>
    public EtcdKeyValueStore CreateStore(Action<EtcdStoreOptions>? configure = null)
    {
        var options = new EtcdStoreOptions { Endpoints = ClientEndpoints.ToList(), Tls = ClientTls() };
        configure?.Invoke(options);
        return new EtcdKeyValueStore(options);
    }

    /// <summary>A maintenance client on every member.</summary>
    public EtcdMaintenance CreateMaintenance(TimeSpan? callTimeout = null) => MaintenanceOf(ClientEndpoints, callTimeout ?? TimeSpan.FromSeconds(2));

    /// <summary>How the cluster's own clients connect: the TLS client options, or none for plain http.</summary>
    public EtcdTlsOptions ClientTls() => _options.Tls?.Client ?? new EtcdTlsOptions();

    private EtcdMaintenance MaintenanceOf(IEnumerable<string> endpoints, TimeSpan callTimeout) =>
        new(new EtcdStoreOptions { Endpoints = endpoints.ToList(), CallTimeout = callTimeout, TimeProvider = _options.TimeProvider, Tls = ClientTls() });

    /// <summary>Waits until every running member is healthy.</summary>
    public Task WaitHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_members.Where(m => m.IsRunning && !m.IsPaused).Select(m => m.WaitHealthyAsync(cancellationToken)));

    /// <summary>
    /// The member that is leader, once a running member reports itself leader and every other reachable running
    /// member agrees; polled within <see cref="EtcdClusterOptions.StartTimeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No agreed leader within the deadline.</exception>
    public async Task<EtcdServerProcess> WaitForLeaderAsync(CancellationToken cancellationToken = default)
    {
        var time = _options.TimeProvider;
        var started = time.GetTimestamp();
        var running = _members.Where(m => m.IsRunning && !m.IsPaused).ToList();
        using var maintenance = MaintenanceOf(running.Select(m => m.ClientUrl), EtcdClusterConstants.HealthProbeTimeout);
        var last = "";
        while (true)
        {
            var statuses = await maintenance.GetStatusesAsync(cancellationToken);
            var reachable = statuses.Where(s => s.IsReachable).ToList();
            var leader = reachable.Where(s => s.IsLeader).MaxBy(s => s.RaftTerm);
            if (leader is not null && reachable.All(s => s.LeaderId == leader.MemberId))
            {
                return running.First(m => m.ClientUrl == leader.Endpoint);
            }

            last = string.Join("; ", statuses.Select(s => s.IsReachable ? $"{s.Endpoint} leader={s.LeaderId:x} term={s.RaftTerm}" : $"{s.Endpoint} {s.Error}"));
            if (time.GetElapsedTime(started) > _options.StartTimeout)
            {
                throw new TimeoutException($"No etcd leader agreed on within {_options.StartTimeout}: {last}.");
            }

            await Task.Delay(EtcdClusterConstants.HealthPollInterval, time, cancellationToken);
        }
    }

    /// <summary>Kills every member and deletes the run's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir is harmless, a failing dispose would hide the test's own result.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static EtcdCluster Create(EtcdClusterOptions options)
    {
        var token = $"reslab-{Guid.NewGuid():N}";
        string directory;
        if (options.BaseDirectory is null)
        {
            // mkdtemp: mode 0700, which etcd wants for data dirs.
            directory = System.IO.Directory.CreateTempSubdirectory("reslab-etcd-").FullName;
        }
        else
        {
            directory = Path.Combine(Path.GetFullPath(options.BaseDirectory), $"etcd-{token}");
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return new EtcdCluster(options, directory, token);
    }

    private string InitialCluster() => string.Join(',', _members.Select(m => $"{m.Name}={m.PeerUrl}"));
}
