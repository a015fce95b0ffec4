using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Verification;

namespace ResilienceLab.Testing;

/// <summary>
/// Explores a team's own service under a chaos plan in the deterministic simulation, from an ordinary test:
/// <code>
/// ServiceSimulation.AssertPasses("plans/billing.yaml", services => services.AddBilling(configuration), new() { Seeds = 500 });
/// </code>
/// Every seed runs the plan (<c>target.kind: simulation</c>, <c>workload.service: external</c>) with N replicas of the service's
/// hosted services (see <see cref="HostedServicesProgram"/> for what each replica's container holds) on the simulated etcd, in
/// virtual time, under the plan's faults; the history the coordination packages record is judged by every check. A seed
/// replays exactly, so a failure is reported with the seed that reproduces it.
/// </summary>
public static class ServiceSimulation
{
    /// <summary>Runs the seeds and returns every seed's verdict (it throws only for a plan or options that are not valid).</summary>
    public static ServiceSimulationResult Run(string planPath, Action<IServiceCollection> configureReplica, ServiceSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(planPath);
        ArgumentNullException.ThrowIfNull(configureReplica);
        options ??= new ServiceSimulationOptions();
        var errors = options.GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var plan = Prepare(Load(planPath), options);
        var ttl = PlanWorkload.ToReplicaOptions(plan).LockTtl;
        var settings = options.Configuration.ToList();
        var results = new ConcurrentBag<SeedResult>();
        var stopped = 0L;
        var started = TimeProvider.System.GetTimestamp();
        Parallel.For(0, options.Seeds, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, (i, state) =>
        {
            var seed = options.FirstSeed + i;
            if (options.StopAtFirstFailure && seed > Interlocked.Read(ref stopped) && Interlocked.Read(ref stopped) != 0)
            {
                return;
            }

            var result = RunSeed(plan, seed, configureReplica, settings, ttl);
            results.Add(result);
            if (!result.Passed && options.StopAtFirstFailure)
            {
                // Seeds below this one still run, so the first failure reported is the lowest failing seed.
                long current;
                do
                {
                    current = Interlocked.Read(ref stopped);
                }
                while ((current == 0 || seed < current) && Interlocked.CompareExchange(ref stopped, seed, current) != current);
            }
        });

        var ordered = results.OrderBy(r => r.Seed).ToList();
        if (options.StopAtFirstFailure && ordered.FirstOrDefault(r => !r.Passed) is { } first)
        {
            ordered = [.. ordered.Where(r => r.Seed <= first.Seed)];
        }

        return new ServiceSimulationResult { PlanPath = planPath, Seeds = ordered, Elapsed = TimeProvider.System.GetElapsedTime(started) };
    }

    /// <summary>As <see cref="Run"/>, and throws <see cref="ServiceSimulationException"/> (first failing seed, check, violation, replay) when a seed fails.</summary>
    public static ServiceSimulationResult AssertPasses(string planPath, Action<IServiceCollection> configureReplica, ServiceSimulationOptions? options = null)
    {
        var result = Run(planPath, configureReplica, options);
        return result.Passed ? result : throw new ServiceSimulationException(result);
    }

    /// <summary>
    /// Runs one seed of <paramref name="plan"/> (<c>target.kind: simulation</c>, <c>workload.service: external</c>) with the
    /// service's hosted services as the replicas — what <c>reslab simulate --service</c> runs per seed.
    /// <paramref name="options"/>' Replicas, Configuration and LockTtl apply; its seed settings do not.
    /// </summary>
    /// <exception cref="ArgumentException">The plan is not a simulation of an external service, or the options are not valid.</exception>
    public static SeedResult RunSeed(ChaosPlan plan, long seed, Action<IServiceCollection> configureReplica, ServiceSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(configureReplica);
        options ??= new ServiceSimulationOptions();
        var errors = options.GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var prepared = Prepare(plan, options);
        return RunSeed(prepared, seed, configureReplica, options.Configuration.ToList(), PlanWorkload.ToReplicaOptions(prepared).LockTtl);
    }

    private static ChaosPlan Load(string planPath)
    {
        var loaded = ChaosPlanLoader.LoadFile(planPath);
        return loaded.Plan ?? throw new ArgumentException($"the plan is not valid:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.Errors.Select(e => e.ToString()))}", nameof(planPath));
    }

    /// <summary>The plan with the options' replica count and lock TTL, once it is known to simulate an external service.</summary>
    private static ChaosPlan Prepare(ChaosPlan plan, ServiceSimulationOptions options)
    {
        if (plan.Target.Kind != TargetKind.Simulation || plan.Workload.Service != WorkloadService.External)
        {
            throw new ArgumentException($"{plan.SourceFile ?? plan.Metadata.Name}: a service simulation needs target.kind: simulation and workload.service: external (it has {PlanNames.Of(plan.Target.Kind)} and {PlanNames.Of(plan.Workload.Service)})", nameof(plan));
        }

        var target = options.Replicas is { } replicas ? plan.Target with { Replicas = replicas } : plan.Target;
        var tasks = options.LockTtl is { } ttl ? plan.Workload.Tasks with { LockTtl = ttl } : plan.Workload.Tasks;
        return plan with { Target = target, Workload = plan.Workload with { Tasks = tasks } };
    }

    private static Verdict Failed(ChaosPlan plan, long seed, string why) => new()
    {
        Metadata = new RunMetadata { Name = plan.Metadata.Name, Properties = new Dictionary<string, string> { ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        Results = [CheckResult.Fail(ServiceSimulationChecks.Run, $"the run could not complete: {why}", [])],
        History = History.MergedHistory.Empty,
        Warnings = [],
    };

    private static SeedResult RunSeed(ChaosPlan plan, long seed, Action<IServiceCollection> configure, List<KeyValuePair<string, string?>> settings, TimeSpan ttl)
    {
        var programs = new List<HostedServicesProgram>();
        var started = TimeProvider.System.GetTimestamp();
        SimulationOutcome outcome;
        try
        {
            outcome = SimulationRun.Run(plan, seed, context =>
            {
                var program = new HostedServicesProgram(context, configure, settings, ttl);
                programs.Add(program);
                return program;
            });
        }
        catch (InvalidOperationException e)
        {
            // The run could not go on (no replica became ready, say): the seed fails, naming why and any crash behind it.
            var failed = Failed(plan, seed, e.Message);
            if (ServiceCrashCheck.Of(programs.Select(p => (p.Name, p.Crash)), DateTimeOffset.UnixEpoch) is { } crashed)
            {
                failed = failed with { Results = [.. failed.Results, crashed] };
            }

            outcome = new SimulationOutcome(seed, null!, failed, TimeSpan.Zero, 0, 0);
        }

        return new SeedResult
        {
            Seed = seed,
            Verdict = outcome.Verdict,
            VirtualTime = outcome.VirtualTime,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
            FirstEscape = outcome.ForeignPosts > 0 ? outcome.FirstForeignPost ?? $"{outcome.ForeignPosts} continuation(s) arrived from another thread" : null,
        };
    }
}
