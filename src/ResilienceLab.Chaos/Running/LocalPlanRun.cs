using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.Running;

/// <summary>Runs a plan with <c>target: local</c>: real worker processes, a real etcd, real signals; then checks the histories.</summary>
public static class LocalPlanRun
{
    /// <summary>
    /// Runs the plan and checks the merged history. <c>customize</c> changes the replica template before the
    /// replicas start (tests and negative controls, e.g. <c>o =&gt; o.Tasks.Fencing = FencingMode.Unfenced</c>).
    /// </summary>
    public static async Task<(ChaosRunResult Run, Verdict Verdict)> RunAsync(ChaosPlan plan, long seed, ChaosRunOptions options, string? runDirectory = null, string? workerPath = null, Action<Workers.ReplicaOptions>? customize = null, CancellationToken cancellationToken = default)
    {
        var directory = runDirectory ?? Directory.CreateTempSubdirectory($"reslab-{plan.Metadata.Name}-").FullName;
        options.Seed = seed;
        ChaosRunResult result;
        var target = new LocalTarget(plan, directory, workerPath, customize);
        await using (target)
        {
            try
            {
                result = await new ChaosController(target, plan, options).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                throw new PlanRunException($"the run could not complete: {e.Message}", e);
            }
        }

        var properties = new Dictionary<string, string>
        {
            ["target"] = "local",
            ["seed"] = seed.ToString(),
            ["runDirectory"] = directory,
            ["elapsedSeconds"] = result.Elapsed.TotalSeconds.ToString("0.###"),
        };
        return (result, RunVerification.Verify(plan, result, properties));
    }
}
