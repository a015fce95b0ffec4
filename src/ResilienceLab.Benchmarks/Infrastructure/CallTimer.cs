namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>Counts and times the calls a peer makes (thread-safe), so peers get the same breakdown as our store's calls.</summary>
internal sealed class CallTimer(string call, TimeProvider time)
{
    private long _count;
    private long _ticks;

    public async Task<T> TimeAsync<T>(Func<Task<T>> run)
    {
        var started = time.GetTimestamp();
        try
        {
            return await run();
        }
        finally
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _ticks, time.GetElapsedTime(started).Ticks);
        }
    }

    public CallTally Snapshot() => new(call, Interlocked.Read(ref _count), TimeSpan.FromTicks(Interlocked.Read(ref _ticks)));

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _ticks, 0);
    }
}
