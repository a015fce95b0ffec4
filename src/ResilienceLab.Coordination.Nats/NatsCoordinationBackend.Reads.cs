using System.Runtime.CompilerServices;
using NATS.Client.KeyValueStore;
using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

public sealed partial class NatsCoordinationBackend
{
    /// <inheritdoc />
    public async Task<StoreSnapshot> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var data = await DataBucketAsync(cancellationToken);
        var entry = await NatsCas.GetAsync(Calls, data, NatsKeys.Check(key), cancellationToken);
        return entry is null ? new StoreSnapshot(0, []) : new StoreSnapshot(entry.Revision, [entry]);
    }

    /// <summary>Lists the bucket's keys, keeps those under <paramref name="prefix"/>, and reads each (not one atomic snapshot).</summary>
    public async Task<StoreSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var entries = await ReadAllAsync(await DataBucketAsync(cancellationToken), prefix, cancellationToken);
        return new StoreSnapshot(entries.Count == 0 ? 0 : entries.Max(e => e.Revision), entries);
    }

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        var data = await DataBucketAsync(cancellationToken);
        NatsKeys.Check(key);
        return (long)await Calls.WriteAsync("put", key, t => data.PutAsync(key, value, cancellationToken: t), cancellationToken);
    }

    /// <inheritdoc />
    public ICasRegister Register(string key) => new NatsCasRegister(this, key);

    /// <summary>The entry <paramref name="name"/> in the locks bucket; its token is its creation revision.</summary>
    public async Task<LockHolder?> HolderAsync(string name, CancellationToken cancellationToken = default)
    {
        var locks = await ExistingLocksBucketAsync(cancellationToken);
        if (locks is null)
        {
            return null;
        }

        var entry = await NatsCas.GetAsync(Calls, locks, NatsKeys.Check(name.TrimEnd('/')), cancellationToken);
        return entry is null ? null : ToHolder(entry);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LockHolder>> HoldersAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var locks = await ExistingLocksBucketAsync(cancellationToken);
        return locks is null ? [] : [.. (await ReadAllAsync(locks, prefix, cancellationToken)).Select(ToHolder).OfType<LockHolder>()];
    }

    /// <summary>Polls the leader entry every <see cref="NatsBackendOptions.PollInterval"/> (an expiry sends no event to watch).</summary>
    public async IAsyncEnumerable<LeaderInfo?> ObserveLeaderAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LeaderInfo? last = null;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            LockHolder? holder = null;
            var read = true;
            try
            {
                holder = await HolderAsync(name, cancellationToken);
            }
            catch (StoreUnavailableException)
            {
                read = false;
            }

            var current = holder is null ? null : new LeaderInfo(holder.Key, holder.Owner, holder.Token, 0);
            if (read && (first || current != last))
            {
                first = false;
                last = current;
                yield return current;
            }

            await Task.Delay(Options.PollInterval, Options.TimeProvider, cancellationToken);
        }
    }

    private static LockHolder? ToHolder(StoreEntry entry) =>
        HolderValue.Parse(entry.Value) is { } value
            ? new LockHolder(entry.Key, $"{entry.Key}/{value.HolderId}", value.Owner, value.TokenAt(entry.Revision), entry.Revision)
            : null;

    private async Task<List<StoreEntry>> ReadAllAsync(INatsKVStore bucket, string prefix, CancellationToken cancellationToken)
    {
        var keys = await Calls.ReadAsync("list keys", prefix, async t =>
        {
            var found = new List<string>();
            await foreach (var key in bucket.GetKeysAsync(cancellationToken: t))
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    found.Add(key);
                }
            }

            return found;
        }, cancellationToken);

        var entries = new List<StoreEntry>();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (await NatsCas.GetAsync(Calls, bucket, key, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
