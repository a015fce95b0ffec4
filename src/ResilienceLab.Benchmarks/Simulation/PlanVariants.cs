using System.Globalization;
using System.Text.RegularExpressions;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Benchmarks.Simulation;

/// <summary>
/// The plans of the cost series, derived from the smoke plan: another replica count (the YAML's <c>replicas:</c>
/// changed and the text loaded and validated again; the shared workload — the tasks and the counter's total
/// increments — stays the plan's, so only the number of replicas changes), or another length (the whole timeline
/// stretched: run length, every schedule time, task steps and counter increments scale together, so the work and
/// the fault density per virtual second stay the same).
/// </summary>
internal static partial class PlanVariants
{
    /// <summary>Finds <paramref name="path"/> as given, or relative to the working directory's parents or the binary's (a repository checkout).</summary>
    public static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var directory = new DirectoryInfo(start);
            for (var depth = 0; directory is not null && depth < 12; depth++, directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, path);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"the simulation plan '{path}' was not found from {Directory.GetCurrentDirectory()} or its parents; run from the repository or pass its path", path);
    }

    /// <summary>The plan at <paramref name="path"/>, loaded and validated.</summary>
    public static ChaosPlan Load(string path) => Loaded(ChaosPlanLoader.LoadFile(path), path);

    /// <summary>
    /// The plan text with <c>target.replicas</c> set to <paramref name="replicas"/>, loaded and validated, with the
    /// counter's increments per replica scaled so that all replicas together make as many as the plan's replicas do.
    /// </summary>
    /// <remarks>
    /// The counter is one key, like the plan's three task locks, whose number does not grow with the replicas
    /// either. Kept per replica, the smoke plan's 50 increments would become 25,000 at 500 replicas (8,500 in the
    /// 20 s plan) on a key whose CAS loop commits about 310 increments per virtual second under that contention:
    /// the run would end with some 300 increments still in their retry loops, recorded as of unknown outcome, and
    /// the linearizability search gives up (inconclusive) on a counter with that many unknown increments among 500
    /// concurrent ones. At least one increment per replica is kept, so every replica still writes the counter.
    /// </remarks>
    public static ChaosPlan WithReplicas(string text, string fileName, int replicas)
    {
        if (!ReplicasLine().IsMatch(text))
        {
            throw new InvalidOperationException($"{fileName}: no 'replicas:' line to change");
        }

        var original = Loaded(ChaosPlanLoader.LoadText(text, fileName), fileName);
        var changed = ReplicasLine().Replace(text, m => m.Groups[1].Value + replicas.ToString(CultureInfo.InvariantCulture), 1);
        var plan = Loaded(ChaosPlanLoader.LoadText(changed, $"{fileName} (replicas: {replicas})"), fileName);
        var counter = plan.Workload.Counter;
        if (!counter.Enabled || replicas == original.Target.Replicas)
        {
            return plan;
        }

        var total = (double)original.Workload.Counter.Increments * original.Target.Replicas;
        var perReplica = Math.Max(1, (int)Math.Round(total / replicas, MidpointRounding.AwayFromZero));
        return plan with { Workload = plan.Workload with { Counter = counter with { Increments = perReplica } } };
    }

    /// <summary>The plan with its whole timeline scaled to <paramref name="length"/>.</summary>
    public static ChaosPlan Stretched(ChaosPlan plan, TimeSpan length)
    {
        var factor = length / plan.Workload.Duration;
        TimeSpan Scale(TimeSpan t) => t * factor;
        TimeSpan? ScaleOptional(TimeSpan? t) => t is { } value ? value * factor : null;
        int Count(int n) => Math.Max(1, (int)Math.Round(n * factor));
        var workload = plan.Workload;
        return plan with
        {
            Workload = workload with
            {
                Duration = length,
                Tasks = workload.Tasks.Count == 0 ? workload.Tasks : workload.Tasks with { Steps = Count(workload.Tasks.Steps) },
                Counter = workload.Counter.Enabled ? workload.Counter with { Increments = Count(workload.Counter.Increments) } : workload.Counter,
            },
            Schedule = [.. plan.Schedule.Select(s => s with
            {
                At = ScaleOptional(s.At),
                Every = ScaleOptional(s.Every),
                Until = ScaleOptional(s.Until),
                Arguments = s.Arguments with { Duration = ScaleOptional(s.Arguments.Duration) },
                Jitter = Scale(s.Jitter),
            })],
        };
    }

    private static ChaosPlan Loaded(PlanLoadResult result, string fileName) =>
        result.Plan ?? throw new InvalidOperationException($"{fileName} does not load: {string.Join("; ", result.Errors.Select(e => e.ToString()))}");

    [GeneratedRegex(@"^(\s+replicas:[ \t]*)\d+", RegexOptions.Multiline)]
    private static partial Regex ReplicasLine();
}
