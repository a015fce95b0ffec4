using ResilienceLab.Chaos.Local;
using ResilienceLab.History;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

using ResilienceLab.Hosting;

namespace ResilienceLab.Workers.Tests.Local;

/// <summary>The local replica set: ReplicaSet naming and restarts, signals by name, and a shutdown that leaves nothing behind.</summary>
public sealed class LocalReplicaSetTests(ITestOutputHelper output)
{
    private static ReplicaOptions ElectionOnly() => new()
    {
        LockTtl = TimeSpan.FromSeconds(2),
        Tasks = new TaskWorkerOptions { Enabled = false },
        Election = new ElectionWorkerOptions { Enabled = true, HeartbeatInterval = TimeSpan.FromMilliseconds(200) },
        Counter = new CounterWorkerOptions { Enabled = false },
    };

    [Fact]
    public async Task Kill_LiveReplica_IsReplacedUnderTheNextOrdinal()
    {
        await using var run = await LocalRun.StartAsync(ElectionOnly());
        Assert.Equal(["replica-0", "replica-1", "replica-2"], run.Set.Live.Select(r => r.Name));

        var killed = run.Set.Kill("replica-1");
        await killed.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        await run.Set.WaitReadyAsync();
        run.Describe(output);

        Assert.Equal(137, killed.ExitCode);
        Assert.Equal(["replica-0", "replica-2", "replica-3"], run.Set.Live.Select(r => r.Name));
        Assert.Null(run.Set.Find("replica-1"));
        Assert.Throws<ReplicaGoneException>(() => run.Set.Kill("replica-1"));
        Assert.Contains(run.ReadHistory().Entries, e => e.Process == "replica-3" && e.Op == HistoryOps.ProcessReady);
    }

    [Fact]
    public async Task DisposeAsync_WithPausedAndKilledReplicas_LeavesNoProcessPausedOrRunning()
    {
        var run = await LocalRun.StartAsync(ElectionOnly());
        LocalReplicaSet set;
        try
        {
            set = run.Set;
            set.Pause("replica-0");
            set.Pause("replica-2");
            var killed = set.Kill("replica-1");
            await killed.Exited.WaitAsync(TimeSpan.FromSeconds(10));
            // Paused once ready: a process frozen before it has installed its SIGTERM handler dies of the SIGTERM (143).
            await set.WaitReadyAsync();
            set.Pause("replica-3");
            Assert.Equal(["replica-0", "replica-2", "replica-3"], set.Paused);
            await Eventually.WaitAsync(() => set.Live.All(r => r.State == 'T'), TimeSpan.FromSeconds(5), () => string.Join(", ", set.Live.Select(r => $"{r.Name} {r.State}")));
        }
        finally
        {
            await run.DisposeAsync();
        }

        run.Describe(output);
        var all = set.All;
        Assert.Equal(4, all.Count);
        Assert.Empty(set.Live);
        Assert.Empty(set.Paused);
        foreach (var replica in all)
        {
            Assert.True(replica.HasExited, $"{replica} has not exited");
            Assert.False(IsWorkerProcess(replica.Pid), $"{replica.Name} pid {replica.Pid} is still there (state {Signals.State(replica.Pid)})");
        }

        // The paused ones were resumed, then stopped gracefully (SIGTERM, not SIGKILL).
        Assert.All(all.Where(r => r.Name != "replica-1"), r => Assert.Equal(WorkerExitCodes.Clean, r.ExitCode));
    }

    private static bool IsWorkerProcess(int pid)
    {
        if (Signals.State(pid) is null)
        {
            return false;
        }

        try
        {
            // The pid may have been reused by an unrelated process since.
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(WorkerBinary.FileName, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
