using System.Globalization;
using k8s.Models;
using ResilienceLab.Kubernetes.Pods;
using ResilienceLab.Workers;

namespace ResilienceLab.Kubernetes.Workload;

/// <summary>
/// Checks the pods' declared configuration before chaos starts. On Kubernetes the Deployment, not the plan,
/// configures the workers; a plan whose workload differs from the Deployment's would be judged against the wrong
/// TTLs and counts. Literal <c>RESLAB_Replica__…</c> values in the container's env are compared with the plan's
/// workload; the worker must be named after its pod (<c>POD_NAME</c> from the downward API) so roles read from the
/// store map to pods; and its history must go to stdout, where the target collects it. Values that come from
/// ConfigMaps cannot be seen here; the history check after the run catches a worker that printed none.
/// </summary>
internal static class WorkloadConsistency
{
    private const string Prefix = "RESLAB_Replica__";

    /// <summary>Problems that make the run meaningless (errors), and things the check could not see (warnings).</summary>
    public static (IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings) Check(IEnumerable<V1Pod> pods, ReplicaOptions? expected, string? container)
    {
        var errors = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(p => !p.IsDeleting()))
        {
            var name = pod.HistoryContainer(container);
            var spec = pod.Spec?.Containers?.FirstOrDefault(c => c.Name == name);
            if (spec is null)
            {
                errors.Add($"pod {pod.Name()} has no container '{name}' (set the container whose log carries the history).");
                continue;
            }

            var env = (spec.Env ?? []).Where(e => e.Name is not null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            var where = $"container '{name}' of pod {pod.Name()}";
            if (env.ContainsKey(Prefix + "Name"))
            {
                errors.Add($"{where} sets {Prefix}Name; remove it so each worker is named after its pod (POD_NAME), or roles read from the store cannot be mapped to pods.");
            }
            else if (!env.TryGetValue("POD_NAME", out var podName) || podName.ValueFrom?.FieldRef?.FieldPath != "metadata.name")
            {
                errors.Add($"{where} does not set POD_NAME from the downward API (valueFrom: fieldRef: fieldPath: metadata.name); every worker would get the same default name.");
            }

            if (!env.TryGetValue(KubernetesTargetConstants.HistoryPathVariable, out var history))
            {
                warnings.Add($"{where} does not set {KubernetesTargetConstants.HistoryPathVariable} in its env (it may come from a ConfigMap); its history is collected only if it is {KubernetesTargetConstants.HistoryStdoutPath}.");
            }
            else if (history.Value != KubernetesTargetConstants.HistoryStdoutPath)
            {
                errors.Add($"{where} sets {KubernetesTargetConstants.HistoryPathVariable}={history.Value}; on Kubernetes it must be {KubernetesTargetConstants.HistoryStdoutPath} so the history leaves the pod through its log.");
            }

            if (expected is not null)
            {
                foreach (var (key, want, plan) in Expected(expected))
                {
                    if (env.TryGetValue(Prefix + key, out var variable) && variable.Value is { } value && !Same(value, want))
                    {
                        errors.Add($"{where} has {Prefix}{key}={value} but the plan's workload says {want} ({plan}); make the Deployment and the plan agree, or the verdict is judged against the wrong settings.");
                    }
                }
            }
        }

        return ([.. errors], [.. warnings]);
    }

    private static IEnumerable<(string Key, string Value, string PlanField)> Expected(ReplicaOptions o)
    {
        yield return ("LockTtl", Format(o.LockTtl), "workload.tasks.lockTtl or workload.election.ttl");
        yield return ("Tasks__Enabled", Format(o.Tasks.Enabled), "workload.tasks");
        if (o.Tasks.Enabled)
        {
            yield return ("Tasks__Count", Format(o.Tasks.Count), "workload.tasks.count");
            yield return ("Tasks__Steps", Format(o.Tasks.Steps), "workload.tasks.steps");
            yield return ("Tasks__StepDuration", Format(o.Tasks.StepDuration), "workload.tasks.stepDuration");
        }

        yield return ("Election__Enabled", Format(o.Election.Enabled), "workload.election");
        yield return ("Counter__Enabled", Format(o.Counter.Enabled), "workload.counter");
        if (o.Counter.Enabled)
        {
            yield return ("Counter__Increments", Format(o.Counter.Increments), "workload.counter.increments");
            yield return ("Counter__Mode", o.Counter.Mode.ToString(), "workload.counter.mode");
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Format(bool value) => value ? "true" : "false";

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Equal as the configuration binder would read them: TimeSpans by value, the rest case-insensitively.</summary>
    private static bool Same(string actual, string expected) =>
        TimeSpan.TryParse(actual, CultureInfo.InvariantCulture, out var a) && TimeSpan.TryParse(expected, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : string.Equals(actual.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
