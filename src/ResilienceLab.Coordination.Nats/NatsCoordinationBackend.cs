using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using NATS.Net;
using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// The NATS JetStream key-value backend (NATS.Net). Two buckets: <c>&lt;prefix&gt;-data</c> holds plain keys (task
/// checkpoints, the counter, the heartbeat; no expiry) and <c>&lt;prefix&gt;-locks</c> holds one entry per held lock
/// or election, expired by the bucket's MaxAge = the sessions' TTL. Revisions are JetStream stream sequences: they
/// order the writes of a bucket (so tokens and terms grow), but the two buckets count separately.
/// One instance is one connection; dispose it to close the connection.
/// </summary>
public sealed partial class NatsCoordinationBackend : ICoordinationBackend
{
    // "stream name already in use with a different configuration"
    private const int StreamNameExistsErrorCode = 10058;

    private readonly NatsClient _client;
    private readonly INatsKVContext _kv;
    private readonly string _dataBucket;
    private readonly string _locksBucket;
    private INatsKVStore? _data;
    private INatsKVStore? _locks;
    private TimeSpan? _locksTtl;

    /// <summary>Creates the client; it connects on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public NatsCoordinationBackend(NatsBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _client = new NatsClient(new NatsOpts
        {
            Url = options.Url,
            Name = "reslab",
            ConnectTimeout = options.CallTimeout,
            RequestTimeout = options.CallTimeout,
            CommandTimeout = options.CallTimeout,

            // Notice a dead connection (e.g. a partition) within seconds, and come back quickly once healed.
            PingInterval = TimeSpan.FromSeconds(1),
            MaxPingOut = 3,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
            ReconnectJitter = TimeSpan.FromMilliseconds(100),
        });
        _kv = _client.CreateKeyValueStoreContext();
        _dataBucket = options.BucketPrefix + NatsBackendConstants.DataBucketSuffix;
        _locksBucket = options.BucketPrefix + NatsBackendConstants.LocksBucketSuffix;
        Calls = new NatsCalls(_client, options);
    }

    /// <inheritdoc />
    public string Kind => NatsBackendConstants.Kind;

    /// <summary>The options the backend was created with.</summary>
    public NatsBackendOptions Options { get; }

    internal NatsCalls Calls { get; }

    /// <summary>
    /// Opens a session whose entries live in the locks bucket; creates the bucket with MaxAge = <see cref="SessionOptions.Ttl"/>
    /// if it is missing. Every session on one server must use the same TTL (a bucket has one MaxAge).
    /// </summary>
    /// <exception cref="InvalidOperationException">The locks bucket exists with another MaxAge.</exception>
    public async Task<ICoordinationSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var locks = await LocksBucketAsync(options.Ttl, cancellationToken);
        return new NatsCoordinationSession(this, locks, options);
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    /// <summary>The data bucket, created on first use.</summary>
    internal async Task<INatsKVStore> DataBucketAsync(CancellationToken cancellationToken)
    {
        if (_data is { } data)
        {
            return data;
        }

        var store = await Calls.ReadAsync("open bucket", _dataBucket, async t =>
        {
            try
            {
                return await _kv.CreateStoreAsync(new NatsKVConfig(_dataBucket) { History = 1 }, t);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == StreamNameExistsErrorCode)
            {
                // Created by someone with other settings (e.g. the nats CLI): use it as it is.
                return await _kv.GetStoreAsync(_dataBucket, t);
            }
        }, cancellationToken);
        return _data = store;
    }

    /// <summary>The locks bucket with MaxAge <paramref name="ttl"/>, created if missing.</summary>
    private async Task<INatsKVStore> LocksBucketAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_locks is { } known && _locksTtl == ttl)
        {
            return known;
        }

        var store = await Calls.ReadAsync("open bucket", _locksBucket, async t =>
        {
            try
            {
                return await _kv.CreateStoreAsync(new NatsKVConfig(_locksBucket) { History = 1, MaxAge = ttl }, t);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode == StreamNameExistsErrorCode)
            {
                return null;
            }
        }, cancellationToken);
        if (store is null)
        {
            var existing = await Calls.ReadAsync("open bucket", _locksBucket, t => _kv.GetStoreAsync(_locksBucket, t), cancellationToken);
            var status = await Calls.ReadAsync("bucket status", _locksBucket, t => existing.GetStatusAsync(t), cancellationToken);
            throw new InvalidOperationException(
                $"NATS bucket '{_locksBucket}' at {Options.Url} expires entries after {status.Info.Config.MaxAge}, but this session's TTL is {ttl}: " +
                "a bucket has one MaxAge, so every replica sharing the server must use the same lock TTL (Replica:LockTtl). " +
                $"Use one TTL, another bucket prefix, or delete the bucket (nats kv del {_locksBucket}).");
        }

        _locksTtl = ttl;
        return _locks = store;
    }

    /// <summary>The locks bucket if some session created it; null before (nobody holds anything then).</summary>
    private async Task<INatsKVStore?> ExistingLocksBucketAsync(CancellationToken cancellationToken)
    {
        if (_locks is { } known)
        {
            return known;
        }

        var store = await Calls.ReadAsync("open bucket", _locksBucket, async t =>
        {
            try
            {
                return await _kv.GetStoreAsync(_locksBucket, t);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                return null;
            }
        }, cancellationToken);
        return _locks ??= store;
    }
}
