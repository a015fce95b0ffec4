using ResilienceLab.History;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Workers.Tests.Tasks;

/// <summary>Task workers as real processes on a real etcd: a holder dies or freezes mid-task.</summary>
public sealed class TaskTakeoverTests(ITestOutputHelper output)
{
    private const int Tasks = 5;
    private const int Steps = 20;

    [Fact]
    public async Task TaskWorker_HolderKilledMidTask_AnotherReplicaResumesFromCheckpointSoonAfterTheTtl()
    {
        await using var run = await LocalRun.StartAsync(TaskWorkloads.Create(Tasks, Steps, TimeSpan.FromMilliseconds(150)));

        // A task well under way, and the replica holding it.
        var (id, victim) = await Eventually.GetAsync(() => FindMidTaskHolderAsync(run, 4, 12), TimeSpan.FromSeconds(30), () => "no task reached steps 4-12 with a known holder");
        var killedAt = run.Time.GetUtcNow();
        run.Set.Kill(victim.Name);
        await victim.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        var checkpointAtKill = (await run.CheckpointsAsync())[TaskWorkloads.TaskKey(id)];

        await Eventually.WaitAsync(
            async () => (await run.CheckpointsAsync()) is var c && c.Count == Tasks && c.Values.All(s => s == Steps),
            TimeSpan.FromSeconds(60),
            () => "not every task completed");
        var storeValues = await StoreChanges.ValuesAsync(run.Store, WorkerConstants.TasksPrefix, TimeSpan.FromSeconds(10));
        await run.Set.StopAsync();
        var history = run.ReadHistory();
        run.Describe(output);

        // Who took the task over, how fast, and from where it resumed.
        var lockName = TaskWorkloads.LockName(id);
        var taskKey = TaskWorkloads.TaskKey(id);
        var acquired = history.Entries.First(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok && e.Key == lockName && e.Process != victim.Name && e.Time > killedAt);
        var resumed = history.Entries.First(e => e.Op == HistoryOps.TaskCommit && e.Type == HistoryEntryType.Ok && e.Key == taskKey && e.Process != victim.Name && e.Time > killedAt);
        var takeover = acquired.Time - killedAt;
        output.WriteLine($"SIGKILL {victim.Name} holding {taskKey} at step {checkpointAtKill}: {acquired.Process} acquired the lock after {takeover.TotalMilliseconds:F0} ms, first commit (step {resumed.Value}, expected {resumed.Expected}) after {(resumed.Time - killedAt).TotalMilliseconds:F0} ms");

        // 3 s of slack: a loaded 2-core machine delays the lease expiry and the waiter's wake-up; a waiter that missed the
        // expiry would wait for its next retry, or forever.
        Assert.True(takeover <= TaskWorkloads.Ttl + TimeSpan.FromSeconds(3), $"take-over took {takeover} (TTL {TaskWorkloads.Ttl} + 3 s allowed)");
        Assert.Equal(checkpointAtKill.ToString(System.Globalization.CultureInfo.InvariantCulture), resumed.Expected);
        Assert.Empty(HistoryQueries.CommitProblems(history, Tasks, Steps));
        Assert.Empty(HistoryQueries.CheckpointProblems(storeValues, Tasks, Steps));
    }

    [Fact]
    public async Task TaskWorker_HolderPausedLongerThanTtl_LosesLockWithoutCorruptingProgress()
    {
        const int steps = 30;
        await using var run = await LocalRun.StartAsync(TaskWorkloads.Create(Tasks, steps, TimeSpan.FromMilliseconds(150)));

        var (id, paused) = await Eventually.GetAsync(() => FindMidTaskHolderAsync(run, 3, 15), TimeSpan.FromSeconds(30), () => "no task reached steps 3-15 with a known holder");
        var lockName = TaskWorkloads.LockName(id);
        var taskKey = TaskWorkloads.TaskKey(id);
        var staleKey = (await run.LockHolderAsync(lockName))!;
        var pausedAt = run.Time.GetUtcNow();
        run.Set.Pause(paused.Name);
        Assert.Contains(paused.Name, run.Set.Paused);
        await Eventually.WaitAsync(() => paused.State == 'T', TimeSpan.FromSeconds(5), () => $"{paused.Name} is not stopped (state {paused.State})");
        var checkpointAtPause = (await run.CheckpointsAsync())[taskKey];

        // Frozen past its TTL: the lease expires, another replica takes the lock and moves the checkpoint on.
        var successor = await Eventually.GetAsync(
            async () => await run.LockHolderAsync(lockName) is { } h && h.Key != staleKey.Key && (await run.CheckpointsAsync())[taskKey] > checkpointAtPause + 1 ? h : null,
            TaskWorkloads.Ttl + TimeSpan.FromSeconds(8),
            () => $"nobody took {lockName} over from the paused {paused.Name}");
        var resumedAt = run.Time.GetUtcNow();
        run.Set.Resume(paused.Name);
        Assert.DoesNotContain(paused.Name, run.Set.Paused);

        // It notices: lock.lost for the stale token.
        var lost = await Eventually.GetAsync(
            () => Task.FromResult(run.ReadHistoryOf(paused).FirstOrDefault(e => e.Op == HistoryOps.LockLost && e.Key == lockName && e.Token == staleKey.CreateRevision)),
            TimeSpan.FromSeconds(15),
            () => $"{paused.Name} recorded no lock.lost for {lockName} token {staleKey.CreateRevision}");

        await Eventually.WaitAsync(
            async () => (await run.CheckpointsAsync()) is var c && c.Count == Tasks && c.Values.All(s => s == steps),
            TimeSpan.FromSeconds(60),
            () => "not every task completed");
        var storeValues = await StoreChanges.ValuesAsync(run.Store, WorkerConstants.TasksPrefix, TimeSpan.FromSeconds(10));
        await run.Set.StopAsync();
        var history = run.ReadHistory();
        run.Describe(output);

        // Every commit with the stale token that succeeded did so before the successor's key existed (fencing);
        // what it tried after it woke up was rejected or abandoned.
        var stale = HistoryQueries.Operations(history.Entries, HistoryOps.TaskCommit)
            .Where(c => c.Invoke.Process == paused.Name && c.Invoke.Key == taskKey && c.Invoke.Token == staleKey.CreateRevision)
            .ToList();
        var afterWake = stale.Where(c => c.Completion is { } done && done.Time >= resumedAt && !c.IsOk).ToList();
        foreach (var commit in stale.Where(c => c.IsOk))
        {
            Assert.True(commit.Completion!.Revision < successor.CreateRevision, $"{paused.Name} committed step {commit.Value} at revision {commit.Completion.Revision} with token {staleKey.CreateRevision}, after {successor.Key} took the lock at {successor.CreateRevision}");
        }

        foreach (var commit in afterWake)
        {
            Assert.True(commit.Outcome == HistoryEntryType.Fail ? commit.Completion!.Error!.Contains("fenced write was rejected", StringComparison.Ordinal) : commit.Outcome == HistoryEntryType.Info, $"unexpected outcome after waking: {commit.Completion}");
        }

        output.WriteLine($"SIGSTOP {paused.Name} holding {taskKey} (token {staleKey.CreateRevision}) at step {checkpointAtPause}; {successor.Value} took over (token {successor.CreateRevision}) {(resumedAt - pausedAt).TotalMilliseconds:F0} ms later; SIGCONT; lock.lost after {(lost.Time - resumedAt).TotalMilliseconds:F0} ms: {lost.Error}");
        output.WriteLine($"  stale-token commits completed after waking: {(afterWake.Count == 0 ? "none (abandoned the step before writing)" : string.Join("; ", afterWake.Select(c => $"{c.Outcome} step {c.Value}: {c.Completion!.Error}")))}");
        Assert.Empty(HistoryQueries.CommitProblems(history, Tasks, steps));
        Assert.Empty(HistoryQueries.CheckpointProblems(storeValues, Tasks, steps));
    }

    private static async Task<MidTask?> FindMidTaskHolderAsync(LocalRun run, int from, int to)
    {
        var checkpoints = await run.CheckpointsAsync();
        for (var id = 0; id < Tasks; id++)
        {
            if (checkpoints.GetValueOrDefault(TaskWorkloads.TaskKey(id)) is var step && step >= from && step <= to
                && await run.HolderReplicaAsync(TaskWorkloads.LockName(id)) is { } holder)
            {
                return new MidTask(id, holder.Replica);
            }
        }

        return null;
    }

    private sealed record MidTask(int Id, Chaos.Local.LocalReplica Holder);
}
