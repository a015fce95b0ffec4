using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;

namespace ResilienceLab.Benchmarks.Simulation;

/// <summary>
/// The deterministic simulation's speed on the smoke plan (5 replicas, 60 virtual s): seeds per minute and virtual
/// seconds per wall second on all cores (Parallel.For over seeds, each run on its own thread) against one thread;
/// the README's simulate command timed as a process against that in-process figure (<see cref="SimulateCommandBenchmark"/>);
/// and how the cost per seed grows with replicas (5, 50, 500) and with plan length (30, 60, 120 virtual s).
/// </summary>
internal static class SimulationBenchmark
{
    public const double RealTimeTarget = 1000;
    public const double SeedsPerMinuteTarget = 1000;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var options = context.Options;
        var path = PlanVariants.Locate(options.SimulationPlanPath);
        var text = File.ReadAllText(path);
        var plan = PlanVariants.Load(path);
        var shape = $"{plan.Metadata.Name} ({plan.Target.Replicas} replicas, {plan.Workload.Duration.TotalSeconds:0} virtual s)";
        var figures = new List<BenchmarkFigure>();

        context.Log($"simulation: {shape}, one thread and {options.SimulationParallelism} at a time, alternating");

        // Tiered JIT promotes hot methods only after enough calls and a background compile: the first seeds run
        // several times slower, so seeds run untimed for a while first.
        Sequential(context, plan, WarmUp);

        // One thread and all threads alternate in slices, so load from elsewhere or a late JIT tier costs both alike.
        var singles = new List<SeedCost>();
        var parallels = new List<SeedCost>();
        for (var round = 0; round < options.Rounds; round++)
        {
            singles.Add(Sequential(context, plan, options.Duration / options.Rounds));
            parallels.Add(Parallel(context, plan, options.Duration / options.Rounds, options.SimulationParallelism));
        }

        var single = singles.Aggregate((a, b) => a + b);
        var parallel = parallels.Aggregate((a, b) => a + b);
        var cores = $"{options.SimulationParallelism} thread{(options.SimulationParallelism == 1 ? "" : "s")}";
        figures.Add(new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Simulation, Name = $"seeds/min, {shape}, {cores}", Value = parallel.SeedsPerMinute, Unit = "seeds/min",
            Peer = "the same on 1 thread", PeerValue = single.SeedsPerMinute,
            Target = $"≥ {SeedsPerMinuteTarget:0}", TargetMet = parallel.SeedsPerMinute >= SeedsPerMinuteTarget, Note = parallel.Describe(),
        });
        figures.Add(new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Simulation, Name = $"virtual s per wall s, {shape}, {cores} (sum over runs)", Value = parallel.Speed, Unit = "× real time",
            Peer = "real time", PeerValue = 1, Target = $"≥ {RealTimeTarget:0}×", TargetMet = parallel.Speed >= RealTimeTarget, Note = parallel.Describe(),
        });
        figures.Add(new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Simulation, Name = $"virtual s per wall s, {shape}, one run on 1 thread", Value = single.Speed, Unit = "× real time",
            Peer = "real time", PeerValue = 1, Target = $"≥ {RealTimeTarget:0}×", TargetMet = single.Speed >= RealTimeTarget, Note = single.Describe(),
        });

        var native = options.NativeReslabPath;
        figures.Add(await SimulateCommandBenchmark.RunAsync(context, options.ReslabPath, string.Empty, path, parallel, cores, isReadmeCommand: native is null));
        if (native is not null)
        {
            figures.Add(await SimulateCommandBenchmark.RunAsync(context, native, "natively compiled, as eng/reslab.sh runs it, ", path, parallel, cores, isReadmeCommand: true));
        }

        SeedCost? baseline = null;
        foreach (var replicas in options.SimulationReplicas)
        {
            var variant = PlanVariants.WithReplicas(text, path, replicas);
            if (replicas > 50)
            {
                variant = PlanVariants.Stretched(variant, options.LargeReplicaLength);
            }

            context.Log($"simulation: {replicas} replicas, {variant.Workload.Duration.TotalSeconds:0} virtual s");
            var cost = Sequential(context, variant, options.Duration);
            baseline ??= cost;
            figures.Add(new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Simulation, Name = $"wall ms per virtual s, {replicas} replicas ({variant.Workload.Duration.TotalSeconds:0} virtual s plan)",
                Value = cost.WallPerVirtualSecond.TotalMilliseconds, Unit = "ms",
                Peer = $"{options.SimulationReplicas[0]} replicas", PeerValue = baseline.WallPerVirtualSecond.TotalMilliseconds, Note = cost.Describe(),
            });
        }

        SeedCost? reference = null;
        var lengths = options.SimulationLengths;
        var referenceLength = lengths.Contains(plan.Workload.Duration) ? plan.Workload.Duration : lengths[0];
        var byLength = new Dictionary<TimeSpan, SeedCost>();
        foreach (var length in lengths)
        {
            context.Log($"simulation: {plan.Target.Replicas} replicas, {length.TotalSeconds:0} virtual s");
            byLength[length] = Sequential(context, PlanVariants.Stretched(plan, length), options.Duration);
        }

        reference = byLength[referenceLength];
        foreach (var length in lengths)
        {
            var cost = byLength[length];
            figures.Add(new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Simulation, Name = $"wall ms per seed, {plan.Target.Replicas} replicas, {length.TotalSeconds:0} virtual s plan",
                Value = cost.WallPerSeed.TotalMilliseconds, Unit = "ms",
                Peer = $"{referenceLength.TotalSeconds:0} virtual s plan", PeerValue = reference.WallPerSeed.TotalMilliseconds, Note = cost.Describe(),
            });
        }

        return figures;
    }

    /// <summary>Seeds one after another on this thread, for <paramref name="budget"/> (at least one seed).</summary>
    private static SeedCost Sequential(BenchmarkContext context, ChaosPlan plan, TimeSpan budget) => SeedCost.Measure(context.Time, () =>
    {
        var time = context.Time;
        var started = time.GetTimestamp();
        var (seeds, passed, virtualTicks) = (0, 0, 0L);
        for (var i = 0; i < BenchmarkConstants.MaxSeeds && (i == 0 || time.GetElapsedTime(started) < budget); i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var outcome = SimulationRun.Run(plan, BenchmarkConstants.FirstSeed + i);
            seeds++;
            passed += outcome.Verdict.Passed ? 1 : 0;
            virtualTicks += outcome.VirtualTime.Ticks;
        }

        return (seeds, passed, TimeSpan.FromTicks(virtualTicks));
    });

    /// <summary>Seeds on <paramref name="threads"/> threads at once (Parallel.For, each run on its own thread), for <paramref name="budget"/>.</summary>
    private static SeedCost Parallel(BenchmarkContext context, ChaosPlan plan, TimeSpan budget, int threads) => SeedCost.Measure(context.Time, () =>
    {
        var time = context.Time;
        var started = time.GetTimestamp();
        long seeds = 0, passed = 0, virtualTicks = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = context.CancellationToken };
        System.Threading.Tasks.Parallel.For(0, BenchmarkConstants.MaxSeeds, options, (i, state) =>
        {
            if (time.GetElapsedTime(started) >= budget)
            {
                state.Stop();
                return;
            }

            var outcome = SimulationRun.Run(plan, BenchmarkConstants.FirstSeed + i);
            Interlocked.Increment(ref seeds);
            Interlocked.Add(ref passed, outcome.Verdict.Passed ? 1 : 0);
            Interlocked.Add(ref virtualTicks, outcome.VirtualTime.Ticks);
        });

        return ((int)seeds, (int)passed, TimeSpan.FromTicks(virtualTicks));
    });
}
