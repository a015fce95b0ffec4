namespace ResilienceLab.Kubernetes.Guard;

/// <summary>A pod deletion the guard allowed: what is (or, in a dry run, would be) deleted, and why.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod's name (the replica name).</param>
/// <param name="Uid">The pod's UID, sent as a precondition so that a same-named successor is never deleted by mistake.</param>
/// <param name="GracePeriodSeconds">0 for kill; the pod's own terminationGracePeriodSeconds for terminate.</param>
/// <param name="DryRun">True when nothing is deleted (the API server only checks the request).</param>
/// <param name="Reason">The chaos action that asked for it.</param>
public sealed record PodDeletion(string Namespace, string Pod, string? Uid, long GracePeriodSeconds, bool DryRun, string Reason)
{
    public override string ToString() =>
        $"{(DryRun ? "DRY RUN: would delete" : "deleting")} pod {Namespace}/{Pod} with grace period {GracePeriodSeconds}s{(Uid is null ? "" : $" (uid {Uid})")} for {Reason}";
}
