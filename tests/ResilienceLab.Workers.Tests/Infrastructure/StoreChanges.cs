using ResilienceLab.Coordination;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>The store's own record of a prefix: every value each key took, in revision order (no compaction runs in tests).</summary>
internal static class StoreChanges
{
    /// <summary>Replays the prefix's changes from revision 1 up to its current state: key → values in order.</summary>
    public static async Task<Dictionary<string, List<string>>> ValuesAsync(IKeyValueStore store, string prefix, TimeSpan timeout)
    {
        var now = await store.GetAsync(prefix, prefix: true);
        var pending = now.Kvs.ToDictionary(kv => kv.Key, kv => kv.ModRevision, StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (pending.Count == 0)
        {
            return values;
        }

        using var deadline = new CancellationTokenSource(timeout, TimeProvider.System);
        await foreach (var change in store.WatchAsync(prefix, prefix: true, startRevision: 1, cancellationToken: deadline.Token))
        {
            if (change.Type == WatchEventType.Put)
            {
                (values.TryGetValue(change.Kv.Key, out var list) ? list : values[change.Kv.Key] = []).Add(change.Kv.Value);
            }

            if (pending.TryGetValue(change.Kv.Key, out var last) && change.Kv.ModRevision >= last)
            {
                pending.Remove(change.Kv.Key);
                if (pending.Count == 0)
                {
                    break;
                }
            }
        }

        return values;
    }
}
