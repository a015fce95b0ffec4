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

    // "subjects overlap with an existing stream": also what the loser of two concurrent creates of one bucket can get.
    private const int SubjectsOverlapErrorCode = 10065;

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

        // Created by someone else meanwhile, or before with other settings (e.g. the nats CLI): use it as it is.
        var (store, _) = await OpenOrCreateAsync(new NatsKVConfig(_dataBucket) { History = 1 }, cancellationToken);
        return _data = store;
    }

    /// <summary>The locks bucket with MaxAge <paramref name="ttl"/>, created if missing.</summary>
    private async Task<INatsKVStore> LocksBucketAsync(TimeSpan ttl, CancellationToken cancellationToken)
    {
        if (_locks is { } known && _locksTtl == ttl)
        {
            return known;
        }

        var (store, created) = await OpenOrCreateAsync(new NatsKVConfig(_locksBucket) { History = 1, MaxAge = ttl }, cancellationToken);

        // A create that succeeded means the bucket has our MaxAge (the server accepts a create of an existing stream only
        // with the same configuration); an opened one, there before or just made by another replica, is checked.
        if (!created)
        {
            var maxAge = (await Calls.ReadAsync("bucket status", _locksBucket, t => store.GetStatusAsync(t), cancellationToken)).Info.Config.MaxAge;
            if (maxAge != ttl)
            {
                throw new InvalidOperationException(
                    $"NATS bucket '{_locksBucket}' at {Options.Url} expires entries after {maxAge}, but this session's TTL is {ttl}: " +
                    "a bucket has one MaxAge, so every replica sharing the server must use the same lock TTL (Replica:LockTtl). " +
                    $"Use one TTL, another bucket prefix, or delete the bucket (nats kv del {_locksBucket}).");
            }
        }

        _locksTtl = ttl;
        return _locks = store;
    }

    /// <summary>
    /// Creates the bucket, or opens it as it is when it exists: with other settings (the caller checks those it needs), or
    /// just created by another replica. Two replicas creating one bucket at once race on the server, and the loser is told
    /// either that the name is in use or that the subjects overlap an existing stream; both mean "open it".
    /// </summary>
    /// <returns>The bucket, and whether the create was accepted, so that it has <paramref name="config"/>'s settings.</returns>
    /// <exception cref="InvalidOperationException">The bucket's subjects overlap another stream that is not this bucket.</exception>
    private async Task<(INatsKVStore Store, bool Created)> OpenOrCreateAsync(NatsKVConfig config, CancellationToken cancellationToken) =>
        await Calls.ReadAsync("open bucket", config.Bucket, async t =>
        {
            try
            {
                return (await _kv.CreateStoreAsync(config, t), true);
            }
            catch (NatsJSApiException created) when (created.Error.ErrCode is StreamNameExistsErrorCode or SubjectsOverlapErrorCode)
            {
                try
                {
                    return (await _kv.GetStoreAsync(config.Bucket, t), false);
                }
                catch (NatsJSApiException opened) when (opened.Error.Code == 404)
                {
                    throw new InvalidOperationException(
                        $"NATS at {Options.Url} cannot create bucket '{config.Bucket}': another stream there already takes its subjects " +
                        $"($KV.{config.Bucket}.>). Use another bucket prefix, or remove that stream.", created);
                }
            }
        }, cancellationToken);

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
