using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Kubernetes.Guard;
using ResilienceLab.Verification;

namespace ResilienceLab.Kubernetes.Running;

/// <summary>
/// Runs a plan with <c>target: kubernetes</c> end to end: a <see cref="KubernetesTarget"/> on the plan's namespace,
/// selector and store endpoints, the <see cref="ChaosController"/> over it, and the plan's checks over the pods'
/// histories (<see cref="RunVerification"/>). The workers are the Deployment's pods; the plan's workload must match
/// their configuration (checked before any chaos).
/// </summary>
public static class KubernetesPlanRun
{
    /// <summary>Runs <paramref name="plan"/> with the default settings (real deletions, the plan's cluster configuration).</summary>
    /// <exception cref="KubernetesRunException">The run could not be carried out (exit code 2).</exception>
    public static Task<Verdict> RunAsync(ChaosPlan plan, long seed, ChaosRunOptions options, TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(plan, seed, options, output, new KubernetesRunSettings(), cancellationToken);

    /// <summary>Runs <paramref name="plan"/>; <paramref name="settings"/> carries <c>--dry-run</c> and connection overrides.</summary>
    /// <exception cref="KubernetesRunException">The run could not be carried out (exit code 2).</exception>
    public static async Task<Verdict> RunAsync(ChaosPlan plan, long seed, ChaosRunOptions options, TextWriter output, KubernetesRunSettings settings, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync(plan, seed, options, output, settings, cancellationToken)).Verdict;

    /// <summary>As <see cref="RunAsync(ChaosPlan, long, ChaosRunOptions, TextWriter, KubernetesRunSettings, CancellationToken)"/>, returning the run's details too.</summary>
    /// <exception cref="KubernetesRunException">The run could not be carried out (exit code 2).</exception>
    public static async Task<KubernetesRunOutcome> ExecuteAsync(ChaosPlan plan, long seed, ChaosRunOptions options, TextWriter output, KubernetesRunSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        if (plan.Target.Kind != TargetKind.Kubernetes)
        {
            throw new ArgumentException($"plan '{plan.Metadata.Name}' has target {PlanNames.Of(plan.Target.Kind)}, not kubernetes", nameof(plan));
        }

        KubernetesTarget target;
        try
        {
            target = new KubernetesTarget(TargetOptions(plan, options, output, settings));
        }
        catch (Exception e) when (e is BlastRadiusException or ArgumentException or InvalidOperationException)
        {
            throw new KubernetesRunException(e.Message, e);
        }

        options.Seed = seed;
        ChaosRunResult result;
        IReadOnlyList<PodDeletion> deletions;
        string apiServer;
        await using (target)
        {
            apiServer = target.ApiServer;
            try
            {
                result = await new ChaosController(target, plan, options).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or HistoryFormatException or StoreException or TimeoutException)
            {
                throw new KubernetesRunException($"the run of '{plan.Metadata.Name}' on Kubernetes failed: {e.Message}", e);
            }

            deletions = target.Deletions;
        }

        if (settings.DryRun)
        {
            output.WriteLine($"DRY RUN: nothing was deleted; {deletions.Count} deletion(s) would have happened:");
            foreach (var deletion in deletions)
            {
                output.WriteLine("  " + deletion);
            }
        }

        var properties = new Dictionary<string, string>
        {
            ["target"] = "kubernetes",
            ["namespace"] = plan.Target.Namespace ?? "",
            ["selector"] = string.Join(',', plan.Target.Selector.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
            ["apiServer"] = apiServer,
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dryRun"] = settings.DryRun ? "true" : "false",
            ["podsDeleted"] = string.Join(' ', deletions.Select(d => d.Pod)),
        };
        return new KubernetesRunOutcome(result, RunVerification.Verify(plan, result, properties), deletions);
    }

    private static KubernetesTargetOptions TargetOptions(ChaosPlan plan, ChaosRunOptions options, TextWriter output, KubernetesRunSettings settings) => new()
    {
        Namespace = plan.Target.Namespace,
        Selector = new Dictionary<string, string>(plan.Target.Selector, StringComparer.Ordinal),
        Replicas = plan.Target.Replicas,
        Host = settings.Host,
        Kubeconfig = settings.Kubeconfig ?? plan.Target.Kubeconfig,
        Context = settings.Context ?? plan.Target.Context,
        StoreEndpoints = [.. plan.Store.Endpoints],
        StoreCallTimeout = plan.Store.CallTimeout,
        StoreAccess = PlanStoreAccess.EtcdOptions(plan.Store, plan.Store.Endpoints, settings.TimeProvider),
        DryRun = settings.DryRun,
        AgentTokenFile = plan.Target.Agent?.TokenFile,
        Seed = plan.Target.Seed,
        Workload = PlanWorkload.ToReplicaOptions(plan),
        ReplacementTimeout = settings.ReplacementTimeout,
        DeleteTimeout = settings.DeleteTimeout,
        DrainTimeout = options.DrainTimeout,
        LogFlushDelay = settings.LogFlushDelay,
        Output = output,
        TimeProvider = settings.TimeProvider,
    };
}
