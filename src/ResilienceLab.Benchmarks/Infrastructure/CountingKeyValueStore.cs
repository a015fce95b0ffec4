using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ResilienceLab.Coordination;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>
/// A pass-through <see cref="IKeyValueStore"/> that counts every call by kind and times it: the profile of a
/// primitive is its round trips per cycle × their measured latency. Watches count the streams opened (their
/// creation is one more round trip, off the caller's path when the primitive does not wait on it).
/// </summary>
internal sealed class CountingKeyValueStore(IKeyValueStore inner, TimeProvider time) : IKeyValueStore
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Every kind of call seen since the last <see cref="Reset"/>, most frequent first.</summary>
    public IReadOnlyList<CallTally> Snapshot() =>
        [.. _counters.Select(c => new CallTally(c.Key, Interlocked.Read(ref c.Value.Count), TimeSpan.FromTicks(Interlocked.Read(ref c.Value.Ticks))))
            .Where(t => t.Count > 0)
            .OrderByDescending(t => t.Count).ThenBy(t => t.Call, StringComparer.Ordinal)];

    public void Reset() => _counters.Clear();

    public Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        TimeAsync(prefix ? "range (prefix)" : "range", () => inner.GetAsync(key, prefix, cancellationToken));

    public Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) =>
        TimeAsync("put", () => inner.PutAsync(key, value, lease, cancellationToken));

    public Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        TimeAsync("delete", () => inner.DeleteAsync(key, prefix, cancellationToken));

    public Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        TimeAsync(request.Success.Concat(request.Failure).All(op => op is TxnOp.Get) ? "txn (read-only)" : "txn", () => inner.TxnAsync(request, cancellationToken));

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) =>
        TimeAsync("lease grant", () => inner.GrantLeaseAsync(ttl, cancellationToken));

    public Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default) =>
        TimeAsync("lease keep-alive", () => inner.KeepAliveOnceAsync(leaseId, cancellationToken));

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        TimeAsync("lease revoke", async () =>
        {
            await inner.RevokeLeaseAsync(leaseId, cancellationToken);
            return true;
        });

    public Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default) =>
        TimeAsync("lease ttl", () => inner.TimeToLiveAsync(leaseId, cancellationToken));

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string key, bool prefix = false, long startRevision = 0, Action<long>? created = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Record("watch stream", TimeSpan.Zero);
        await foreach (var e in inner.WatchAsync(key, prefix, startRevision, created, cancellationToken))
        {
            yield return e;
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<T> TimeAsync<T>(string call, Func<Task<T>> run)
    {
        var started = time.GetTimestamp();
        try
        {
            return await run();
        }
        finally
        {
            Record(call, time.GetElapsedTime(started));
        }
    }

    private void Record(string call, TimeSpan elapsed)
    {
        var counter = _counters.GetOrAdd(call, _ => new Counter());
        Interlocked.Increment(ref counter.Count);
        Interlocked.Add(ref counter.Ticks, elapsed.Ticks);
    }

    private sealed class Counter
    {
        public long Count;
        public long Ticks;
    }
}
