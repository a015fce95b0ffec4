using NATS.Client.KeyValueStore;

namespace ResilienceLab.Coordination.Nats.Internal;

/// <summary>Single-key reads and compare-and-swaps on a bucket: the only conditional write JetStream 2.9 offers.</summary>
internal static class NatsCas
{
    /// <summary>The key's entry, or null when it is missing or deleted.</summary>
    public static async Task<StoreEntry?> GetAsync(NatsCalls calls, INatsKVStore bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var entry = await calls.ReadAsync("get", key, t => bucket.GetEntryAsync<string>(key, cancellationToken: t), cancellationToken);
            return new StoreEntry(key, entry.Value ?? "", (long)entry.Revision);
        }
        catch (NatsKVException e) when (e is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> if <paramref name="key"/> is still at <paramref name="expectedRevision"/> (0: still
    /// missing); the server checks the subject's last sequence. Returns the new revision, or null on conflict.
    /// </summary>
    public static async Task<long?> CompareAndSwapAsync(NatsCalls calls, INatsKVStore bucket, string key, string value, long expectedRevision, CancellationToken cancellationToken)
    {
        try
        {
            var revision = expectedRevision == 0
                ? await calls.WriteAsync("create", key, t => bucket.CreateAsync(key, value, cancellationToken: t), cancellationToken)
                : await calls.WriteAsync("update", key, t => bucket.UpdateAsync(key, value, (ulong)expectedRevision, cancellationToken: t), cancellationToken);
            return (long)revision;
        }
        catch (NatsKVException e) when (IsLostCreateRace(e) || e is NatsKVWrongLastRevisionException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a create failed because the key was there. NATS.Net's create publishes with "expect no message"; if that
    /// fails it reads the key and, over a delete marker, updates on the marker's revision. So a lost race surfaces as a
    /// failed create, a wrong last revision (someone else re-created it first), or key-not-found (it expired between the
    /// publish and the read).
    /// </summary>
    public static bool IsLostCreateRace(NatsKVException e) =>
        e is NatsKVCreateException or NatsKVWrongLastRevisionException or NatsKVKeyNotFoundException or NatsKVKeyDeletedException;
}
