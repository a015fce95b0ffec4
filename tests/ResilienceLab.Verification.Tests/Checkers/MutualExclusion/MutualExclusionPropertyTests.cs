using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Operations;
using ResilienceLab.Verification.Tests.TestSupport;

namespace ResilienceLab.Verification.Tests.Checkers.MutualExclusion;

/// <summary>Random valid lock histories pass; the same histories with one injected violation fail.</summary>
public sealed class MutualExclusionPropertyTests
{
    private const string Lock = "/locks/tasks/1";
    private const string Task = "/tasks/1";
    private const int Seeds = 100;

    public static TheoryData<int> SeedData() => [.. Enumerable.Range(1, Seeds)];

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_RandomValidHistory_Passes(int seed)
    {
        var generated = Generate((ulong)seed);

        var result = new MutualExclusionCheck().Run(generated.Builder.Operations());

        Assert.True(result.Passed, $"seed {seed}: {result.Counterexample}");
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_StaleWriteAcceptedInjected_Fails(int seed)
    {
        var generated = Generate((ulong)seed);
        var rejected = generated.RejectedStaleWrites[(int)((ulong)seed % (ulong)generated.RejectedStaleWrites.Count)];

        // The fence "forgets" to check: the paused holder's late write is accepted.
        var entries = generated.Builder.Entries.Select(e => ReferenceEquals(e, rejected) ? e with { Type = HistoryEntryType.Ok, Error = null } : e);
        var result = new MutualExclusionCheck().Run(OperationHistory.From(MergedHistory.FromEntries(entries)));

        Assert.False(result.Passed, $"seed {seed}");
        Assert.Contains(result.Violations, v => v.Processes[0] == rejected.Process && v.Tokens[0] == rejected.Token);
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_RecycledTokenInjected_Fails(int seed)
    {
        var generated = Generate((ulong)seed);
        var acquisitions = generated.Builder.Entries.Where(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok).ToList();
        var victim = acquisitions[^1];
        var earlier = acquisitions.First(a => a.Process != victim.Process);

        // The store hands out an old token again.
        var entries = generated.Builder.Entries.Select(e => ReferenceEquals(e, victim) ? e with { Token = earlier.Token } : e);
        var result = new MutualExclusionCheck().Run(OperationHistory.From(MergedHistory.FromEntries(entries)));

        Assert.False(result.Passed, $"seed {seed}");
        Assert.Contains(result.Violations, v => v.Processes.Contains(victim.Process) && v.Tokens.Contains(earlier.Token!.Value));
    }

    private static (HistoryBuilder Builder, List<HistoryEntry> RejectedStaleWrites) Generate(ulong seed)
    {
        var random = new DeterministicRandom(unchecked((long)seed));
        var builder = new HistoryBuilder();
        var processes = new[] { "worker-1", "worker-2", "worker-3", "worker-4" };
        var rejected = new List<HistoryEntry>();
        var (time, token, step) = (0.0, 100L, 0);
        var holder = processes[random.Next(processes.Length)];
        var holds = 4 + random.Next(8);
        for (var h = 0; h < holds; h++)
        {
            var next = processes.Where(p => p != holder).ElementAt(random.Next(processes.Length - 1));
            token += 1 + random.Next(5);
            var acquired = time + random.Between(0.01, 0.5);
            builder.Ok(holder, time, acquired, HistoryOps.LockAcquire, Lock, token: token);
            time = acquired;
            for (var commits = random.Next(4); commits > 0; commits--)
            {
                var done = time + random.Between(0.05, 0.3);
                builder.Ok(holder, time + 0.01, done, HistoryOps.TaskCommit, Task, step.ToString(System.Globalization.CultureInfo.InvariantCulture), token: token);
                step++;
                time = done;
            }

            // Every other hold (and always the first) ends with a pause past the lease: the next holder
            // takes over while this one still believes it holds the lock, and its late write is rejected.
            if (h == 0 || random.Chance(0.5))
            {
                var nextToken = token + 1 + random.Next(5);
                var takeover = time + random.Between(10, 12);
                builder.Ok(next, time + 0.1, takeover, HistoryOps.LockAcquire, Lock, token: nextToken);
                var lateWrite = takeover + random.Between(0.01, 1);
                builder.Fail(holder, lateWrite, lateWrite + 0.05, HistoryOps.TaskCommit, Task, step.ToString(System.Globalization.CultureInfo.InvariantCulture), token: token);
                rejected.Add(builder.Entries[^1]);
                builder.Event(holder, lateWrite + 0.06, HistoryOps.LockLost, Lock, token: token);
                (holder, token, time) = (next, nextToken, lateWrite + 0.1);
                for (var commits = random.Next(3); commits > 0; commits--)
                {
                    var done = time + random.Between(0.05, 0.3);
                    builder.Ok(holder, time + 0.01, done, HistoryOps.TaskCommit, Task, step.ToString(System.Globalization.CultureInfo.InvariantCulture), token: token);
                    step++;
                    time = done;
                }

                builder.Ok(holder, time + 0.01, time + 0.05, HistoryOps.LockRelease, Lock, token: token);
            }
            else
            {
                builder.Ok(holder, time + 0.01, time + 0.05, HistoryOps.LockRelease, Lock, token: token);
            }

            time += 0.1;
            holder = next;
        }

        return (builder, rejected);
    }
}
