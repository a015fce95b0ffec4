using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;
using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.Running;

/// <summary>Runs a plan with <c>target: local</c>: real worker processes, a real etcd, real signals; then checks the histories.</summary>
public static class LocalPlanRun
{
    /// <summary>
    /// Runs the plan and checks the merged history. <c>customize</c> changes the reference worker's template before the
    /// replicas start (tests and negative controls, e.g. <c>o =&gt; o.Tasks.Fencing = FencingMode.Unfenced</c>);
    /// <paramref name="environment"/> adds variables to every replica (e.g. a team's own switch for a buggy twin).
    /// Without <paramref name="runDirectory"/> the run gets a temp directory that is deleted afterwards — also when
    /// this process is killed (<see cref="RunDirectory"/>) — unless <paramref name="keepRunDirectory"/>; then its path
    /// is the verdict's <c>runDirectory</c> property.
    /// </summary>
    /// <exception cref="PlanRunException">The run could not start or complete (no temp directory, etcd did not start, …).</exception>
    public static async Task<(ChaosRunResult Run, Verdict Verdict)> RunAsync(ChaosPlan plan, long seed, ChaosRunOptions options, string? runDirectory = null, string? workerPath = null, Action<Workers.ReplicaOptions>? customize = null, bool keepRunDirectory = false, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        RunDirectory? owned = null;
        if (runDirectory is null)
        {
            try
            {
                owned = RunDirectory.Create($"reslab-{plan.Metadata.Name}-");
            }
            catch (IOException e)
            {
                throw new PlanRunException(e.Message, e);
            }

            owned.Keep = keepRunDirectory;
        }

        using (owned)
        {
            var directory = runDirectory ?? owned!.Path;
            options.Seed = seed;
            ChaosRunResult result;
            var target = new LocalTarget(plan, directory, workerPath, customize, environment);
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
                ["elapsedSeconds"] = result.Elapsed.TotalSeconds.ToString("0.###"),
            };
            if (owned is null || owned.Keep)
            {
                properties["runDirectory"] = directory;
            }

            return (result, RunVerification.Verify(plan, result, properties));
        }
    }
}
