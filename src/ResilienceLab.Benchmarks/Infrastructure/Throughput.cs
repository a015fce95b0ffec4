namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>A closed-loop throughput measurement: each worker runs its cycle back to back until the time is up.</summary>
internal static class Throughput
{
    private static readonly TimeSpan QueueSampleInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Runs <paramref name="workers"/> loops of <paramref name="cycle"/> for <paramref name="duration"/> (and at most
    /// <see cref="BenchmarkConstants.MaxCyclesPerWorker"/> each). A worker checks the time after each cycle, so the
    /// elapsed time runs until the last worker's last cycle ends — waiters queued on a lock finish their turn.
    /// </summary>
    public static async Task<ThroughputSample> MeasureAsync(
        int workers, Func<int, CancellationToken, Task> cycle, TimeSpan duration, BenchmarkContext context)
    {
        using var deadline = context.Deadline(duration + BenchmarkConstants.WaitDeadline);
        var time = context.Time;
        var counts = new long[workers];
        long queueSum = 0, queueSamples = 0, maxThreads = 0;
        var (client, etcd) = context.Cpu.Read();
        var workItems = ThreadPool.CompletedWorkItemCount;
        var started = time.GetTimestamp();
        using (time.CreateTimer(_ => Sample(), null, QueueSampleInterval, QueueSampleInterval))
        {
            await Task.WhenAll(Enumerable.Range(0, workers).Select(WorkerAsync));
        }

        var elapsed = time.GetElapsedTime(started);
        var (clientAfter, etcdAfter) = context.Cpu.Read();
        return new ThroughputSample(
            counts.Sum(), elapsed, clientAfter - client, etcdAfter - etcd, ThreadPool.CompletedWorkItemCount - workItems,
            Interlocked.Read(ref queueSum), Interlocked.Read(ref queueSamples), (int)Interlocked.Read(ref maxThreads));

        void Sample()
        {
            Interlocked.Add(ref queueSum, ThreadPool.PendingWorkItemCount);
            Interlocked.Increment(ref queueSamples);
            var threads = ThreadPool.ThreadCount;
            if (threads > Interlocked.Read(ref maxThreads))
            {
                Interlocked.Exchange(ref maxThreads, threads);
            }
        }

        async Task WorkerAsync(int worker)
        {
            for (var i = 0; i < BenchmarkConstants.MaxCyclesPerWorker && time.GetElapsedTime(started) < duration; i++)
            {
                await cycle(worker, deadline.Token);
                counts[worker]++;
            }
        }
    }

    /// <summary>
    /// Measures every variant for <paramref name="duration"/> in total, cut into <paramref name="rounds"/> slices that
    /// alternate between the variants (the order rotates each round), after a short untimed warm-up of each: a
    /// slow minute of the machine then costs every variant alike instead of whichever ran during it.
    /// </summary>
    public static async Task<IReadOnlyList<ThroughputSample>> CompareAsync(
        IReadOnlyList<Func<int, CancellationToken, Task>> variants, int workers, TimeSpan duration, int rounds, BenchmarkContext context, Action? afterWarmUp = null, Action<int>? beforeSlice = null)
    {
        var warmUp = TimeSpan.FromTicks(Math.Min(duration.Ticks / 5, TimeSpan.FromMilliseconds(500).Ticks));
        foreach (var variant in variants)
        {
            await MeasureAsync(workers, variant, warmUp, context);
        }

        afterWarmUp?.Invoke();

        var totals = new ThroughputSample[variants.Count];
        var slice = duration / rounds;
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Count; k++)
            {
                var v = (k + round) % variants.Count;
                beforeSlice?.Invoke(v);
                totals[v] += await MeasureAsync(workers, variants[v], slice, context);
            }
        }

        return totals;
    }
}
