using dotnet_etcd;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
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
    private readonly EtcdAuthSession[] _sessions;
    private readonly string[] _endpoints;
    private int _current;

    public EtcdEndpointRing(IReadOnlyList<string> endpoints, EtcdStoreOptions? options = null)
    {
        _endpoints = [.. endpoints];
        var credentials = options is null ? null : EtcdCredentials.From(options);
        _sessions = _endpoints.Select(e => new EtcdAuthSession(credentials, e, options?.CallTimeout ?? EtcdStoreConstants.DefaultCallTimeout, options?.TimeProvider ?? TimeProvider.System)).ToArray();
        _clients = _endpoints.Select((e, i) => CreateClient(e, options?.Tls, _sessions[i])).ToArray();
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

    /// <summary>The auth token of member <paramref name="index"/>'s client.</summary>
    public EtcdAuthSession Session(int index) => _sessions[index];

    /// <summary>Authentications over all members so far (1 per member, plus one per token etcd rejected).</summary>
    public int Authentications => _sessions.Sum(s => s.Authentications);

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
    /// <remarks>
    /// With <paramref name="tls"/> the handshake trusts its CA, presents its client certificate and checks its server name;
    /// with <paramref name="session"/> every call carries the session's auth token.
    /// </remarks>
    internal static EtcdClient CreateClient(string endpoint, EtcdTlsOptions? tls = null, EtcdAuthSession? session = null)
    {
        Interceptor[]? interceptors = session is null ? null : [new EtcdAuthInterceptor(session)];

        // dotnet-etcd speaks TLS only when built with its SSL-options constructor (https:// alone is not enough).
        return tls is { IsConfigured: true } || endpoint.StartsWith("https://", StringComparison.Ordinal)
            ? new EtcdClient(endpoint, configureSslOptions: ssl => EtcdTls.Apply(ssl, tls ?? new EtcdTlsOptions()), configureChannelOptions: ConfigureChannel, interceptors: interceptors)
            : new EtcdClient(endpoint, configureChannelOptions: ConfigureChannel, interceptors: interceptors);
    }

    private static void ConfigureChannel(GrpcChannelOptions options)
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
    }
}
