using dotnet_etcd;
using Etcdserverpb;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// Cluster inspection through etcd's Maintenance and Cluster APIs: who is leader, each member's raft term and
/// database size, the member list. Each endpoint is asked directly (no failover), each call with a deadline.
/// </summary>
public sealed class EtcdMaintenance : IDisposable
{
    private readonly Dictionary<string, EtcdClient> _clients;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _timeProvider;

    /// <summary>Inspects the members at <paramref name="endpoints"/> (client URLs; bare host:port means http).</summary>
    public EtcdMaintenance(IEnumerable<string> endpoints, TimeSpan? callTimeout = null, TimeProvider? timeProvider = null)
        : this(new EtcdStoreOptions
        {
            Endpoints = (endpoints ?? throw new ArgumentNullException(nameof(endpoints))).ToList(),
            CallTimeout = callTimeout ?? TimeSpan.FromSeconds(2),
            TimeProvider = timeProvider ?? TimeProvider.System,
        })
    {
    }

    /// <summary>
    /// Inspects the members of a store's <paramref name="options"/>: its endpoints, call timeout, clock and TLS (status
    /// and member list need no credentials, so none are sent).
    /// </summary>
    public EtcdMaintenance(EtcdStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Endpoints = options.NormalizedEndpoints();
        _callTimeout = options.CallTimeout;
        _timeProvider = options.TimeProvider;
        _clients = Endpoints.Distinct().ToDictionary(e => e, e => EtcdEndpointRing.CreateClient(e, options.Tls));
    }

    /// <summary>The endpoints asked, normalised to <c>scheme://host:port</c>.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>The Status of one endpoint.</summary>
    /// <exception cref="StoreUnavailableException">The endpoint did not answer within the call timeout.</exception>
    public async Task<EtcdEndpointStatus> GetStatusAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        var status = await TryGetStatusAsync(Normalize(endpoint), cancellationToken);
        return status.IsReachable ? status : throw new StoreUnavailableException($"etcd status of {endpoint} failed: {status.Error}");
    }

    /// <summary>The Status of every endpoint, asked in parallel; the unreachable ones have <see cref="EtcdEndpointStatus.IsReachable"/> false.</summary>
    public async Task<IReadOnlyList<EtcdEndpointStatus>> GetStatusesAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Endpoints.Select(e => TryGetStatusAsync(e, cancellationToken)));

    /// <summary>
    /// The status of the endpoint whose member is the leader, or null when no reachable member reports itself
    /// as leader (election in progress, or the leader is among the unreachable).
    /// </summary>
    public async Task<EtcdEndpointStatus?> FindLeaderAsync(CancellationToken cancellationToken = default)
    {
        var statuses = await GetStatusesAsync(cancellationToken);
        return statuses.Where(s => s.IsLeader).MaxBy(s => s.RaftTerm);
    }

    /// <summary>The cluster's members, from the first endpoint that answers.</summary>
    /// <exception cref="StoreUnavailableException">No endpoint answered.</exception>
    public async Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
        {
            try
            {
                using var deadline = Deadline(cancellationToken);
                var response = await _clients[endpoint].MemberListAsync(new MemberListRequest(), cancellationToken: deadline.Token);
                return response.Members
                    .Select(m => new EtcdMember(m.ID, m.Name, [.. m.PeerURLs], [.. m.ClientURLs], m.IsLearner))
                    .ToList();
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{endpoint}: {Describe(error)}");
            }
        }

        throw new StoreUnavailableException($"etcd member list failed on every endpoint ({string.Join("; ", failures)}).");
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private async Task<EtcdEndpointStatus> TryGetStatusAsync(string endpoint, CancellationToken cancellationToken)
    {
        if (!_clients.TryGetValue(endpoint, out var client))
        {
            throw new ArgumentException($"'{endpoint}' is not one of this maintenance client's endpoints ({string.Join(", ", Endpoints)}).", nameof(endpoint));
        }

        try
        {
            using var deadline = Deadline(cancellationToken);
            var s = await client.StatusAsync(new StatusRequest(), cancellationToken: deadline.Token);
            return new EtcdEndpointStatus(
                endpoint, true, s.Header.MemberId, s.Leader, s.RaftTerm, s.RaftIndex, s.Header.Revision, s.DbSize, s.Version, [.. s.Errors]);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return EtcdEndpointStatus.Unreachable(endpoint, Describe(error));
        }
    }

    private EtcdDeadline Deadline(CancellationToken cancellationToken) => new(_callTimeout, _timeProvider, cancellationToken);

    private string Describe(Exception error) => error switch
    {
        OperationCanceledException => $"no answer within {_callTimeout.TotalMilliseconds:0} ms",
        Grpc.Core.RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => error.Message,
    };

    private string Normalize(string endpoint) =>
        EtcdStoreOptions.TryNormalizeEndpoint(endpoint, out var url) ? url : throw new ArgumentException($"'{endpoint}' is not an etcd client URL.", nameof(endpoint));
}
