using System.Runtime.CompilerServices;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Testing;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab simulate --service</c>: a team's own hosted services as the simulated replicas, loaded from the assembly that
/// holds its <see cref="IServiceSimulationSetup"/> and run per seed exactly as <see cref="ServiceSimulation"/> runs them
/// in a test (escapes from determinism and crashed hosted services fail the seed).
/// </summary>
public sealed record ServiceRun(string Assembly, string? TypeName, IReadOnlyDictionary<string, string?> Configuration, TimeSpan? LockTtl, string? Error)
{
    /// <summary>The summary property that keeps <see cref="Arguments"/> for the replay lines of a later <c>reslab merge</c>.</summary>
    public const string Property = "serviceArguments";

    /// <summary>The options as given; null without <c>--service</c>. Problems are kept in <see cref="Error"/> and reported before anything runs.</summary>
    public static ServiceRun? Parse(string? service, IReadOnlyList<string> settings, string? lockTtl)
    {
        if (service is null)
        {
            return settings.Count > 0 || lockTtl is not null ? new ServiceRun(string.Empty, null, new Dictionary<string, string?>(), null, "--service-config and --lock-ttl apply only with --service") : null;
        }

        // path.dll:Namespace.Type — the last ':' after the ".dll" separates a type name.
        var split = service.LastIndexOf(".dll:", StringComparison.OrdinalIgnoreCase);
        var (assembly, type) = split < 0 ? (service, (string?)null) : (service[..(split + 4)], service[(split + 5)..]);
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return new ServiceRun(assembly, type, configuration, null, $"--service-config '{History.Diagnostics.DiagnosticText.Clean(setting)}' is not KEY=VALUE (e.g. Billing:MaxBatches=40)");
            }

            configuration[setting[..equals]] = setting[(equals + 1)..];
        }

        TimeSpan? ttl = null;
        if (lockTtl is not null)
        {
            if (!PlanDuration.TryParse(lockTtl, out var parsed) || parsed <= TimeSpan.Zero || parsed > TimeSpan.FromHours(1))
            {
                return new ServiceRun(assembly, type, configuration, null, $"--lock-ttl '{History.Diagnostics.DiagnosticText.Clean(lockTtl)}' is not a duration between 1ms and 1h (e.g. 3s)");
            }

            ttl = parsed;
        }

        return new ServiceRun(assembly, type, configuration, ttl, null);
    }

    /// <summary>The options again as command-line arguments (with a leading space), for the lines that replay a seed.</summary>
    public string Arguments() =>
        $" --service {Assembly}{(TypeName is null ? string.Empty : ":" + TypeName)}"
        + (LockTtl is { } ttl ? $" --lock-ttl {PlanDuration.Format(ttl)}" : string.Empty)
        + string.Concat(Configuration.Select(c => $" --service-config {c.Key}={c.Value}"));

    /// <summary>Runs one seed of <paramref name="plan"/> with the service; the setup is loaded now, once.</summary>
    /// <exception cref="ArgumentException">The options, the plan or the assembly are not usable (a message for the user).</exception>
    public Func<long, SimulationOutcome> Runner(ChaosPlan plan, string planPath)
    {
        if (Error is not null)
        {
            throw new ArgumentException(Error);
        }

        // A natively compiled reslab (eng/reslab.sh runs one for simulate) cannot load an assembly at run time.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new ArgumentException("--service loads your assembly at run time, which this natively compiled reslab cannot do: run it with the reslab tool (eng/reslab.sh does so whenever --service is given)");
        }

        if (plan.Target.Kind != TargetKind.Simulation || plan.Workload.Service != WorkloadService.External)
        {
            throw new ArgumentException($"{planPath}: --service runs your own service, so the plan needs target.kind: simulation and workload.service: external");
        }

        var registration = ServiceAssembly.Registration(ServiceAssembly.LoadSetup(Assembly, TypeName));
        var options = new ServiceSimulationOptions { LockTtl = LockTtl };
        foreach (var (key, value) in Configuration)
        {
            options.Configuration[key] = value;
        }

        return seed =>
        {
            var result = ServiceSimulation.RunSeed(plan, seed, registration, options);
            var verdict = result.FirstEscape is null ? result.Verdict : result.Verdict with
            {
                Results = [.. result.Verdict.Results, Verification.CheckResult.Fail(ServiceSimulationChecks.Determinism, $"the run left the simulation's loop: {result.FirstEscape}", [])],
            };
            return new SimulationOutcome(seed, null!, verdict, result.VirtualTime, 0, 0, result.FirstEscape);
        };
    }
}
