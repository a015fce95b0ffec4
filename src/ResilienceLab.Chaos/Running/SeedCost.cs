using System.Globalization;

namespace ResilienceLab.Chaos.Running;

/// <summary>
/// What a batch of simulated seeds cost: wall time against the virtual time they covered, with the process's CPU
/// time, GC pause time and collections meanwhile (what bounds the speed-up on more cores). `reslab simulate` prints it
/// after its seeds and `reslab bench` reports it per figure, so the command and the benchmark describe a seed alike.
/// </summary>
public sealed record SeedCost(int Seeds, int Passed, TimeSpan Wall, TimeSpan Virtual, TimeSpan Cpu, TimeSpan GcPause, int Gen0, int Gen1, int Gen2, long Allocated, long LockContentions)
{
    /// <summary>Time the JIT spent compiling meanwhile, on every thread (a short run pays for its warm-up here).</summary>
    public TimeSpan Jit { get; init; }

    /// <summary>Methods the JIT compiled meanwhile (each tier of a method counts).</summary>
    public long JitMethods { get; init; }

    public static SeedCost operator +(SeedCost a, SeedCost b) => new(
        a.Seeds + b.Seeds, a.Passed + b.Passed, a.Wall + b.Wall, a.Virtual + b.Virtual, a.Cpu + b.Cpu, a.GcPause + b.GcPause,
        a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.Allocated + b.Allocated, a.LockContentions + b.LockContentions)
    {
        Jit = a.Jit + b.Jit,
        JitMethods = a.JitMethods + b.JitMethods,
    };

    public TimeSpan WallPerSeed => Seeds == 0 ? TimeSpan.Zero : Wall / Seeds;

    /// <summary>Wall time per simulated second: comparable across plan lengths and replica counts.</summary>
    public TimeSpan WallPerVirtualSecond => Virtual <= TimeSpan.Zero ? TimeSpan.Zero : Wall / Virtual.TotalSeconds;

    /// <summary>Virtual seconds per wall second.</summary>
    public double Speed => Virtual.TotalSeconds / Math.Max(Wall.TotalSeconds, 1e-9);

    public double SeedsPerMinute => Seeds / Math.Max(Wall.TotalMinutes, 1e-12);

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Seeds} seeds ({Passed} passed every check) in {Wall.TotalSeconds:0.00} s wall, {Virtual.TotalSeconds:0} virtual s; {WallPerSeed.TotalMilliseconds:0.0} ms/seed, {WallPerVirtualSecond.TotalMilliseconds:0.00} ms per virtual s, {Speed:0}× real time; CPU busy {Cpu / Wall:0.00} cores, GC paused {100 * (GcPause / Wall):0.0}% of wall ({Gen0}/{Gen1}/{Gen2} gen0/1/2 collections, {Allocated / (double)Math.Max(1, Seeds) / (1 << 20):0.0} MB allocated per seed, {LockContentions} contended Monitor locks); JIT {Jit.TotalSeconds:0.00} s of CPU ({JitMethods} method compilations)");

    /// <summary>Measures <paramref name="run"/> (which returns seeds, passed, virtual time).</summary>
    public static SeedCost Measure(TimeProvider time, Func<(int Seeds, int Passed, TimeSpan Virtual)> run)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var contentions = Monitor.LockContentionCount;
        var (jit, jitMethods) = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
        var started = time.GetTimestamp();
        var (seeds, passed, virtualTime) = run();
        var wall = time.GetElapsedTime(started);
        process.Refresh();
        return new SeedCost(
            seeds, passed, wall, virtualTime, process.TotalProcessorTime - cpu, GC.GetTotalPauseDuration() - pause,
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2, GC.GetTotalAllocatedBytes() - allocated, Monitor.LockContentionCount - contentions)
        {
            Jit = System.Runtime.JitInfo.GetCompilationTime() - jit,
            JitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods,
        };
    }
}
