using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Mutation;

/// <summary>
/// The mutation harness: switches on one seeded bug at a time (<see cref="SeededBug"/>, the replicas' <c>Replica:SeededBug</c>)
/// and runs the plans that expect to pass in the simulation, seed by seed, until one fails — the bug is caught — or the
/// seed budget is spent. Seeds run in order: seed i runs every plan before seed i+1, so "seeds to first failure" is the
/// same whatever the parallelism.
/// </summary>
public static class MutantHunt
{
    /// <summary>Hunts <paramref name="bug"/> with <paramref name="plans"/> (plans that expect to fail are skipped: they fail anyway).</summary>
    public static MutantVerdict Hunt(SeededBug bug, IReadOnlyList<ChaosPlan> plans, MutantHuntOptions options, Action<string>? progress = null)
    {
        options.Validate();
        var passing = plans.Where(p => p.Expect == PlanExpectation.Pass).ToList();
        var runs = 0;

        // A batch holds a few seeds' worth of runs, so the cores stay busy and at most one batch is spent past the failure.
        var seedsPerBatch = Math.Max(1, (options.Parallelism * 2 + passing.Count - 1) / Math.Max(1, passing.Count));
        for (var first = 0; first < options.SeedBudget; first += seedsPerBatch)
        {
            var count = Math.Min(seedsPerBatch, options.SeedBudget - first);
            var jobs = Enumerable.Range(first, count).SelectMany(i => passing.Select((plan, p) => (Index: i, PlanIndex: p, Plan: plan))).ToList();
            var failures = new System.Collections.Concurrent.ConcurrentBag<(int Index, int PlanIndex, long Seed, IReadOnlyList<string> Checks)>();
            Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, job =>
            {
                var seed = options.FirstSeed + job.Index;
                var outcome = SimulationRun.Run(job.Plan, seed, o => o.SeededBug = bug);
                Interlocked.Increment(ref runs);
                if (!outcome.Verdict.Passed)
                {
                    failures.Add((job.Index, job.PlanIndex, seed, [.. outcome.Verdict.Results.Where(r => !r.Passed).Select(r => r.Name)]));
                }
            });

            if (!failures.IsEmpty)
            {
                var firstFailure = failures.OrderBy(f => f.Index).ThenBy(f => f.PlanIndex).First();
                return new MutantVerdict(bug, firstFailure.Index + 1, passing[firstFailure.PlanIndex].Metadata.Name, firstFailure.Seed, firstFailure.Checks, runs);
            }

            progress?.Invoke($"  {bug}: {first + count}/{options.SeedBudget} seeds survived ({runs} runs)");
        }

        return new MutantVerdict(bug, null, null, null, [], runs);
    }

    /// <summary>Every seeded bug (all but <see cref="SeededBug.None"/>).</summary>
    public static IReadOnlyList<SeededBug> AllBugs() => [.. Enum.GetValues<SeededBug>().Where(b => b != SeededBug.None)];
}
