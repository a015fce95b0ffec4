using k8s.Models;

namespace ResilienceLab.Kubernetes.Pods;

/// <summary>What the target reads off a pod object.</summary>
internal static class PodFacts
{
    public static string Name(this V1Pod pod) => pod.Metadata?.Name ?? "";

    /// <summary>Its Ready condition is True (the readiness probe passed: the worker loaded its startup state).</summary>
    public static bool IsReady(this V1Pod pod) =>
        !pod.IsDeleting() && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>Deletion has begun (graceful termination in progress).</summary>
    public static bool IsDeleting(this V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    /// <summary>Running and not terminating: its container has started, so its log can be read.</summary>
    public static bool IsRunning(this V1Pod pod) => !pod.IsDeleting() && pod.Status?.Phase == "Running";

    /// <summary>Succeeded or Failed: its containers will not run again.</summary>
    public static bool IsFinished(this V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>The grace period a graceful delete gives the pod: its spec's terminationGracePeriodSeconds, or Kubernetes' default.</summary>
    public static long GracePeriodSeconds(this V1Pod pod) =>
        pod.Spec?.TerminationGracePeriodSeconds ?? KubernetesTargetConstants.DefaultPodGracePeriodSeconds;

    public static DateTime CreatedAt(this V1Pod pod) => pod.Metadata?.CreationTimestamp ?? DateTime.MinValue;

    /// <summary>The container carrying the history: the named one, else the first.</summary>
    public static string? HistoryContainer(this V1Pod pod, string? preferred) =>
        preferred ?? pod.Spec?.Containers?.FirstOrDefault()?.Name;

    /// <summary>How often the history container has restarted in place (same pod name, new process).</summary>
    public static int RestartCount(this V1Pod pod, string? container) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(c => container is null || c.Name == container)?.RestartCount ?? 0;

    /// <summary>Why the pod is not Ready, in a few words, for messages.</summary>
    public static string Describe(this V1Pod pod)
    {
        if (pod.IsDeleting())
        {
            return $"{pod.Name()} (terminating)";
        }

        if (pod.IsReady())
        {
            return $"{pod.Name()} (Ready)";
        }

        var waiting = pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null);
        var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Reason;
        return $"{pod.Name()} (not Ready: {pod.Status?.Phase ?? "no status"}{(waiting ?? condition) switch { null => "", var r => ", " + r }})";
    }
}
