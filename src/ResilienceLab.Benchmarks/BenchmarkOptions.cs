namespace ResilienceLab.Benchmarks;

/// <summary>What `reslab bench` measures and for how long. <see cref="Create"/> gives the full or the quick defaults.</summary>
public sealed class BenchmarkOptions
{
    /// <summary>Time per measured figure (each throughput figure and its peers get this much, alternating in slices).</summary>
    public TimeSpan Duration { get; set; } = BenchmarkConstants.FullDuration;

    /// <summary>True for the CI smoke configuration (recorded in the report).</summary>
    public bool Quick { get; set; }

    /// <summary>The suites to run, in <see cref="BenchmarkSuite"/> order; by default every one but <see cref="BenchmarkSuite.Stores"/>.</summary>
    public ISet<BenchmarkSuite> Suites { get; set; } = new HashSet<BenchmarkSuite>(Enum.GetValues<BenchmarkSuite>().Where(s => s != BenchmarkSuite.Stores));

    /// <summary>Client URLs of the etcd the store suites use (the command starts its own); needed by lock, election, takeover and cas.</summary>
    public IList<string> EtcdEndpoints { get; set; } = new List<string>();

    /// <summary>Process ids of the etcd members, to count etcd's CPU per cycle (optional; /proc on Linux).</summary>
    public IList<int> EtcdProcessIds { get; set; } = new List<int>();

    /// <summary>How the etcd was started, for the report (e.g. "1 member, default timings").</summary>
    public string EtcdDescription { get; set; } = "";

    /// <summary>
    /// The etcd user every client of the store suites authenticates as (ours, the raw dotnet-etcd peers and etcdctl),
    /// with <see cref="EtcdPassword"/>; null for an etcd without authentication.
    /// </summary>
    public string? EtcdUsername { get; set; }

    /// <summary>The password of <see cref="EtcdUsername"/>; never printed or written to the report.</summary>
    public string? EtcdPassword { get; set; }

    /// <summary>The etcdctl binary whose <c>etcdctl lock</c> is the SIGKILLed holder of the take-over suite.</summary>
    public string EtcdctlPath { get; set; } = BenchmarkConstants.DefaultEtcdctlPath;

    /// <summary>Contenders of the multi-contender lock figures (8 on one lock, 8 on 8 locks).</summary>
    public int LockContenders { get; set; } = 8;

    /// <summary>Lease TTLs of the take-over suite.</summary>
    public IList<TimeSpan> TakeoverTtls { get; set; } = new List<TimeSpan> { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5) };

    /// <summary>Trials per TTL and per waiter (ours and etcd's server-side lock).</summary>
    public int TakeoverTrials { get; set; } = BenchmarkConstants.FullTakeoverTrials;

    /// <summary>Trials run at once.</summary>
    public int TakeoverLanes { get; set; } = BenchmarkConstants.TakeoverLanes;

    /// <summary>Leader changes observed per election variant.</summary>
    public int ObservationTrials { get; set; } = BenchmarkConstants.FullObservationTrials;

    /// <summary>Concurrent writers of the CAS figures.</summary>
    public IList<int> CasWriters { get; set; } = new List<int> { 1, 4, 16 };

    /// <summary>The simulation suite's plan; relative paths are looked up from the working directory and its parents.</summary>
    public string SimulationPlanPath { get; set; } = BenchmarkConstants.SmokePlanPath;

    /// <summary>Replica counts of the cost-per-seed series.</summary>
    public IList<int> SimulationReplicas { get; set; } = new List<int> { 5, 50, 500 };

    /// <summary>Virtual length of runs with more than 50 replicas (kept short so they stay bounded; reported per virtual second).</summary>
    public TimeSpan LargeReplicaLength { get; set; } = BenchmarkConstants.LargeReplicaLength;

    /// <summary>Plan lengths of the cost-by-length series.</summary>
    public IList<TimeSpan> SimulationLengths { get; set; } = new List<TimeSpan> { TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120) };

    /// <summary>Seeds run at once for seeds per minute (default: one per core).</summary>
    public int SimulationParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Seeds of the README's `reslab simulate` command, run start to finish as a process beside the in-process figure.</summary>
    public int SimulateCommandSeeds { get; set; } = BenchmarkConstants.FullSimulateCommandSeeds;

    /// <summary>The reslab executable that runs the simulate command (default: the apphost next to this assembly, as built).</summary>
    public string ReslabPath { get; set; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "reslab.exe" : "reslab");

    /// <summary>
    /// The natively compiled reslab that eng/reslab.sh runs for <c>simulate</c> (eng/native), timed beside <see cref="ReslabPath"/>
    /// when it has been built; default: the checkout's eng/native/bin/publish/reslab when there is one above this assembly.
    /// </summary>
    public string? NativeReslabPath { get; set; } = FindNativeReslab(AppContext.BaseDirectory);

    /// <summary>The checkout's native build, looked for from <paramref name="from"/> upwards; null when none is built.</summary>
    internal static string? FindNativeReslab(string from)
    {
        for (var directory = new DirectoryInfo(from); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "eng", "native", "bin", "publish", "reslab");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>History lengths of the checker suite.</summary>
    public IList<int> CheckerSizes { get; set; } = new List<int> { 1_000, 10_000, 100_000 };

    /// <summary>Slices per throughput measurement, alternating ours and the peers.</summary>
    public int Rounds { get; set; } = BenchmarkConstants.Rounds;

    /// <summary>Seed of every random choice (take-over kill delays, CAS back-off jitter).</summary>
    public long Seed { get; set; } = 1;

    /// <summary>The clock everything is timed with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The full configuration (docs figures) or the quick one (CI smoke: short slices, 5 take-over trials at TTL 2 s only, checker up to 10k).</summary>
    public static BenchmarkOptions Create(bool quick)
    {
        var options = new BenchmarkOptions { Quick = quick };
        if (quick)
        {
            options.Duration = BenchmarkConstants.QuickDuration;
            options.TakeoverTtls = new List<TimeSpan> { TimeSpan.FromSeconds(2) };
            options.TakeoverTrials = BenchmarkConstants.QuickTakeoverTrials;
            options.ObservationTrials = BenchmarkConstants.QuickObservationTrials;
            options.LargeReplicaLength = BenchmarkConstants.QuickLargeReplicaLength;
            options.CheckerSizes = new List<int> { 1_000, 10_000 };
            options.SimulateCommandSeeds = BenchmarkConstants.QuickSimulateCommandSeeds;
            options.Rounds = 1;
        }

        return options;
    }

    /// <summary>Whether a suite that needs etcd is selected.</summary>
    public bool NeedsEtcd => Suites.Any(s => s is BenchmarkSuite.Lock or BenchmarkSuite.Election or BenchmarkSuite.Takeover or BenchmarkSuite.Cas);

    /// <summary>Parses a comma-separated suite list (<c>lock,election,takeover,cas,simulation,checker,stores</c>).</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static ISet<BenchmarkSuite> ParseSuites(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var suites = new HashSet<BenchmarkSuite>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<BenchmarkSuite>(name, ignoreCase: true, out var suite) || !Enum.IsDefined(suite) || int.TryParse(name, out _))
            {
                throw new ArgumentException($"--only: unknown suite '{name}'; use a comma-separated list of {string.Join(", ", Enum.GetNames<BenchmarkSuite>().Select(n => n.ToLowerInvariant()))}.", nameof(list));
            }

            suites.Add(suite);
        }

        return suites.Count > 0 ? suites : throw new ArgumentException("--only: no suite given; use e.g. --only lock,cas.", nameof(list));
    }

    /// <summary>Every problem with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Duration < BenchmarkConstants.MinDuration || Duration > BenchmarkConstants.MaxDuration)
        {
            errors.Add($"Duration = {Duration.TotalSeconds:0.###} s is out of range: use {BenchmarkConstants.MinDuration.TotalSeconds:0.###} to {BenchmarkConstants.MaxDuration.TotalSeconds:0} s per measurement (--duration).");
        }

        if (Suites is null || Suites.Count == 0)
        {
            errors.Add("Suites is empty: select at least one suite (--only lock,election,takeover,cas,simulation,checker,stores).");
        }
        else if (NeedsEtcd && (EtcdEndpoints is null || EtcdEndpoints.Count == 0))
        {
            errors.Add("EtcdEndpoints is empty but a store suite (lock, election, takeover, cas) is selected: start an etcd (EtcdCluster) and pass its client URLs.");
        }

        foreach (var endpoint in EtcdEndpoints ?? [])
        {
            Check(
                Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback,
                $"EtcdEndpoints: '{endpoint}' is not a loopback URL; the benchmark only talks to an etcd on 127.0.0.1 (e.g. http://127.0.0.1:2379).");
        }

        Check(LockContenders is >= 2 and <= 64, $"LockContenders = {LockContenders} is out of range: use 2 to 64.");
        Check(TakeoverTtls is { Count: > 0 } && TakeoverTtls.All(t => t >= TimeSpan.FromSeconds(1) && t <= TimeSpan.FromMinutes(1) && t.Ticks % TimeSpan.TicksPerSecond == 0), "TakeoverTtls must hold whole seconds from 1 to 60 (etcd leases have whole-second TTLs).");
        Check(TakeoverTrials is >= 1 and <= 1000, $"TakeoverTrials = {TakeoverTrials} is out of range: use 1 to 1000.");
        Check(TakeoverLanes is >= 1 and <= 16, $"TakeoverLanes = {TakeoverLanes} is out of range: use 1 to 16.");
        Check(ObservationTrials is >= 1 and <= 10_000, $"ObservationTrials = {ObservationTrials} is out of range: use 1 to 10000.");
        Check(CasWriters is { Count: > 0 } && CasWriters.All(w => w is >= 1 and <= 256), "CasWriters must hold writer counts from 1 to 256.");
        Check(SimulationReplicas is { Count: > 0 } && SimulationReplicas.All(r => r is >= 1 and <= 1000), "SimulationReplicas must hold replica counts from 1 to 1000.");
        Check(SimulationLengths is { Count: > 0 } && SimulationLengths.All(l => l >= TimeSpan.FromSeconds(5) && l <= TimeSpan.FromHours(1)), "SimulationLengths must hold plan lengths from 5 s to 1 h.");
        Check(LargeReplicaLength >= TimeSpan.FromSeconds(5) && LargeReplicaLength <= TimeSpan.FromHours(1), $"LargeReplicaLength = {LargeReplicaLength} is out of range: use 5 s to 1 h.");
        Check(SimulationParallelism is >= 1 and <= 256, $"SimulationParallelism = {SimulationParallelism} is out of range: use 1 to 256.");
        Check(SimulateCommandSeeds is >= 1 and <= 100_000, $"SimulateCommandSeeds = {SimulateCommandSeeds} is out of range: use 1 to 100000.");
        Check(!string.IsNullOrWhiteSpace(ReslabPath), "ReslabPath is empty: give the reslab executable (src/ResilienceLab.Cli/bin/Release/net10.0/reslab).");
        Check(CheckerSizes is { Count: > 0 } && CheckerSizes.All(s => s is >= 10 and <= 1_000_000), "CheckerSizes must hold history lengths from 10 to 1,000,000 operations.");
        Check(Rounds is >= 1 and <= 20, $"Rounds = {Rounds} is out of range: use 1 to 20.");
        Check(!string.IsNullOrWhiteSpace(EtcdctlPath), "EtcdctlPath is empty: give 'etcdctl' (looked up on PATH) or a path such as /usr/bin/etcdctl.");
        Check(!string.IsNullOrWhiteSpace(SimulationPlanPath), $"SimulationPlanPath is empty: give the smoke plan, {BenchmarkConstants.SmokePlanPath}.");
        Check(TimeProvider is not null, "TimeProvider is null: use TimeProvider.System.");
        return errors;

        void Check(bool valid, string message)
        {
            if (!valid)
            {
                errors.Add(message);
            }
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid benchmark options: " + string.Join(" ", errors), "options");
        }
    }
}
