using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// <see cref="IKeyValueStore"/> on a real etcd (v3 API through dotnet-etcd), one client per member.
/// </summary>
/// <remarks>
/// <para>
/// Every attempt of every call has a deadline (<see cref="EtcdStoreOptions.CallTimeout"/>, a Polly timeout).
/// A failed attempt moves on to the next member. What a failure becomes depends on whether the call could
/// have changed the store:
/// </para>
/// <list type="table">
/// <listheader><term>gRPC outcome</term><description>read / idempotent call → ; mutation (put, delete, txn with a write, revoke) →</description></listheader>
/// <item><term>Unavailable "Error connecting to subchannel." (SocketException ConnectionRefused, HostUnreachable, NetworkUnreachable, HostNotFound, AddressNotAvailable): nothing was sent</term>
/// <description><see cref="StoreUnavailableException"/>, retried ; <see cref="StoreUnavailableException"/>, retried.</description></item>
/// <item><term>etcd rejected it before proposing to raft: Unavailable/Unknown "etcdserver: no leader", "etcdserver: not capable", "etcdserver: unhealthy cluster", "raft proposal dropped"; ResourceExhausted ("etcdserver: too many requests", "mvcc: database space exceeded")</term>
/// <description><see cref="StoreUnavailableException"/>, retried ; <see cref="StoreUnavailableException"/>, retried.</description></item>
/// <item><term>Polly timeout (our deadline), DeadlineExceeded, Cancelled not asked for by the caller, Unavailable after sending (connection reset, "etcdserver: request timed out", "…leader failure", "server stopped"), Unknown, Internal, Aborted, IOException</term>
/// <description><see cref="StoreUnavailableException"/>, retried ; <see cref="IndeterminateOutcomeException"/>, never retried: it may have committed.</description></item>
/// <item><term>NotFound "etcdserver: requested lease not found"</term><description><see cref="LeaseNotFoundException"/> ; <see cref="LeaseNotFoundException"/> (nothing applied).</description></item>
/// <item><term>InvalidArgument, OutOfRange (e.g. "etcdserver: duplicate key given in txn request", "key is not provided")</term><description><see cref="ArgumentException"/> (nothing applied).</description></item>
/// <item><term>PermissionDenied "etcdserver: permission denied" (the user's roles lack the key)</term><description><see cref="EtcdPermissionDeniedException"/> naming the key and user (nothing applied).</description></item>
/// <item><term>Unauthenticated "invalid auth token", InvalidArgument "revision of auth store is old" / "user name is empty", with credentials configured</term>
/// <description>the token is dropped, the client authenticates again and the attempt is resent once (etcd rejects these before applying anything); still rejected → <see cref="EtcdAuthenticationException"/>. A refused user or password → <see cref="EtcdAuthenticationException"/> naming the endpoint and user.</description></item>
/// <item><term>any other status</term><description><see cref="StoreException"/> (a definite rejection).</description></item>
/// <item><term>the caller's own cancellation</term><description><see cref="OperationCanceledException"/>; for a mutation its outcome is unknown.</description></item>
/// </list>
/// <para>
/// Reads are range, a txn whose branches only read, lease time-to-live. Lease grant and keep-alive are retried
/// like reads: a lost grant reply leaves an orphan lease that owns no keys and expires after its TTL.
/// A timeout is never taken as "not sent": Grpc.Net.Client does not say whether the request left the process,
/// so a mutation that timed out is always indeterminate.
/// </para>
/// <para>
/// The gRPC channel's own retry policy (dotnet-etcd configures 5 attempts on Unavailable for every method) is
/// switched off: it would resend a mutation whose reply was lost.
/// </para>
/// </remarks>
public sealed partial class EtcdKeyValueStore : IKeyValueStore
{
    private readonly EtcdEndpointRing _ring;
    private readonly EtcdCallExecutor _executor;
    private readonly EtcdStoreOptions _options;
    private int _disposed;

    /// <summary>Connects lazily to the members in <paramref name="options"/> (validated here).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public EtcdKeyValueStore(EtcdStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Endpoints = options.NormalizedEndpoints();
        _ring = new EtcdEndpointRing(Endpoints, options);
        _executor = new EtcdCallExecutor(_ring, options);
        _watchStreams = new EtcdWatchStream?[_ring.Count];
    }

    /// <summary>A store on a comma-separated list of client URLs, with default options.</summary>
    public EtcdKeyValueStore(string endpoints)
        : this(EtcdStoreOptions.FromEndpoints(endpoints))
    {
    }

    /// <summary>The members' client URLs, normalised to <c>scheme://host:port</c>.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>The member the next call goes to.</summary>
    public string CurrentEndpoint => _ring.Current.Endpoint;

    /// <summary>Authentications so far over all members: one per member used, plus one per token etcd rejected.</summary>
    internal int Authentications => _ring.Authentications;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DisposeWatchStreamsAsync();
            _ring.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
