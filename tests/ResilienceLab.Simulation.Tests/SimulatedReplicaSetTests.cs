using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Simulation.Tests;

public sealed class SimulatedReplicaSetTests
{
    [Fact]
    public void Scale_HolderKilledMidway_EveryTaskCompletesWithoutDuplicateSteps()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var sink = new MemoryHistorySink();
        var options = new ReplicaOptions
        {
            LockTtl = TimeSpan.FromSeconds(2),
            Tasks = new TaskWorkerOptions { Count = 5, Steps = 20, StepDuration = TimeSpan.FromMilliseconds(100) },
        };
        var set = new SimulatedReplicaSet(loop, store, sink, options, new DeterministicRandom(42));
        var observer = store.CreateClient("observer");
        string? killed = null;
        loop.Run(async () =>
        {
            set.Scale(3);
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            var holders = await observer.GetAsync(WorkerConstants.TaskLocksPrefix, prefix: true);
            var victimLease = holders.Kvs[0].Lease;
            var victim = set.Live.First(r => HoldsLease(r, victimLease));
            killed = victim.Name;
            set.Kill(victim);
            for (var i = 0; i < 600; i++)
            {
                var tasks = await observer.GetAsync(WorkerConstants.TasksPrefix, prefix: true);
                if (tasks.Kvs.Count == 5 && tasks.Kvs.All(kv => kv.Value == "20"))
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), loop.Clock);
            }

            await set.StopAllAsync();
        }, TimeSpan.FromMinutes(5));

        var commits = sink.Entries.Where(e => e.Op == HistoryOps.TaskCommit && e.Type == HistoryEntryType.Ok).ToList();
        Assert.NotNull(killed);
        Assert.Equal(100, commits.Count);
        foreach (var task in commits.GroupBy(c => c.Key))
        {
            Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), task.Select(c => c.Value));
        }

        Assert.True(sink.Entries.Select(e => e.Process).Distinct().Count() >= 3);
        Assert.Equal(0, loop.ForeignPosts);
    }

    private static bool HoldsLease(SimulatedReplica replica, long lease) =>
        replica.Program.Session?.Id == lease.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}
