using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Workers.Tests.Counter;

/// <summary>Three replicas increment one counter in etcd, safely (CAS) and unsafely (read, wait, put).</summary>
public sealed class CounterWorkerTests(ITestOutputHelper output)
{
    private const int Replicas = 3;
    private const int Increments = 200;

    [Fact]
    public async Task CounterWorker_CasModeThreeReplicas_CounterEqualsEveryAcknowledgedIncrement()
    {
        var (counter, acknowledged, unknown) = await RunAsync(CounterMode.Cas);

        Assert.Equal(0, unknown);
        Assert.Equal(Replicas * Increments, acknowledged);
        Assert.Equal(Replicas * Increments, counter);
    }

    [Fact]
    public async Task CounterWorker_UnsafeModeThreeReplicas_LosesUpdates()
    {
        var (counter, acknowledged, _) = await RunAsync(CounterMode.Unsafe);

        Assert.Equal(Replicas * Increments, acknowledged);
        Assert.True(counter < acknowledged, $"counter {counter} should be below the {acknowledged} acknowledged increments");
    }

    private async Task<(long Counter, int Acknowledged, int Unknown)> RunAsync(CounterMode mode)
    {
        var template = new ReplicaOptions
        {
            Tasks = new TaskWorkerOptions { Enabled = false },
            Election = new ElectionWorkerOptions { Enabled = false },
            Counter = new CounterWorkerOptions
            {
                Enabled = true,
                Increments = Increments,
                Mode = mode,

                // Unsafe: 20 ms between read and write, so concurrent increments overlap nearly every time.
                ReadWriteGap = TimeSpan.FromMilliseconds(20),
                Interval = TimeSpan.FromMilliseconds(1),
            },
        };
        await using var run = await LocalRun.StartAsync(template, Replicas);
        await Eventually.WaitAsync(
            () => Done(run.ReadHistory()).Count(d => d.Value == Increments) == Replicas,
            TimeSpan.FromSeconds(60),
            () => $"increments done: {string.Join(", ", Done(run.ReadHistory()).Select(d => $"{d.Key} {d.Value}"))}");
        var counter = long.Parse((await run.Store.GetAsync(WorkerConstants.CounterKey)).Single!.Value, CultureInfo.InvariantCulture);
        await run.Set.StopAsync();
        var increments = HistoryQueries.Operations(run.ReadHistory().Entries, HistoryOps.CounterIncrement);
        var acknowledged = increments.Count(i => i.IsOk);
        var unknown = increments.Count(i => i.Completion?.Type == HistoryEntryType.Info);
        run.Describe(output);
        output.WriteLine($"{mode}: counter {counter}, acknowledged {acknowledged}, unknown {unknown}, failed {increments.Count(i => i.Completion?.Type == HistoryEntryType.Fail)}, lost updates {acknowledged - counter}");

        Assert.Equal(Replicas, run.Set.All.Count);
        return (counter, acknowledged, unknown);
    }

    /// <summary>Per replica, increments that completed ok or unknown (the worker counts both as done).</summary>
    private static Dictionary<string, int> Done(MergedHistory history) =>
        history.Entries.Where(e => e.Op == HistoryOps.CounterIncrement && e.Type is HistoryEntryType.Ok or HistoryEntryType.Info)
            .GroupBy(e => e.Process)
            .ToDictionary(g => g.Key, g => g.Count());
}
