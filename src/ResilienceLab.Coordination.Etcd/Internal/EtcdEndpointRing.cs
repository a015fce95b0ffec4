using dotnet_etcd;
using Grpc.Net.Client.Configuration;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// One <see cref="EtcdClient"/> per member, and the member calls go to now. A failed call moves the ring on,
/// so the retry (or the next call) goes to another member: dotnet-etcd does not fail over away from a dead or
/// frozen member by itself.
/// </summary>
internal sealed class EtcdEndpointRing : IDisposable
{
    private readonly EtcdClient[] _clients;
    private readonly string[] _endpoints;
    private int _current;

    public EtcdEndpointRing(IReadOnlyList<string> endpoints)
    {
        _endpoints = [.. endpoints];
        _clients = _endpoints.Select(CreateClient).ToArray();
    }

    public int Count => _clients.Length;

    /// <summary>The member to use now and its index (pass the index to <see cref="MoveNext"/>).</summary>
    public (EtcdClient Client, string Endpoint, int Index) Current
    {
        get
        {
            var index = Volatile.Read(ref _current);
            return (_clients[index], _endpoints[index], index);
        }
    }

    /// <summary>Moves on from <paramref name="failedIndex"/>, unless a concurrent failure already did.</summary>
    public void MoveNext(int failedIndex) =>
        Interlocked.CompareExchange(ref _current, (failedIndex + 1) % _clients.Length, failedIndex);

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    /// <summary>
    /// A client whose channel never retries by itself. dotnet-etcd's default channel has a gRPC retry policy
    /// (5 attempts on Unavailable, 1 s back-off) for every method: it would resend a put whose reply was lost
    /// and apply it twice, and it hides a dead member for ~2.5 s. Retries are ours to decide (Polly, per kind).
    /// </summary>
    internal static EtcdClient CreateClient(string endpoint) =>
        new(endpoint, configureChannelOptions: options =>
        {
            options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new PickFirstConfig() } };
            options.ThrowOperationCanceledOnCancellation = true;

            // After a refused connect the channel fails every call at once until its next reconnect attempt;
            // gRPC's default back-off grows to 120 s, which would hide a restarted member for minutes.
            options.InitialReconnectBackoff = TimeSpan.FromMilliseconds(100);
            options.MaxReconnectBackoff = TimeSpan.FromSeconds(1);
            if (options.HttpHandler is SocketsHttpHandler handler)
            {
                // Detects a frozen member under a long-lived watch. etcd's default --grpc-keepalive-min-time is 5 s:
                // pinging more often gets the connection closed with "too_many_pings".
                handler.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
                handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(5);
                handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
            }
        });
}
