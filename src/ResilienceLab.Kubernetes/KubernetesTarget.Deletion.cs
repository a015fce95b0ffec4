using k8s;
using k8s.Autorest;
using k8s.Models;
using ResilienceLab.Kubernetes.Api;
using ResilienceLab.Kubernetes.Pods;

namespace ResilienceLab.Kubernetes;

public sealed partial class KubernetesTarget
{
    /// <summary>
    /// Deletes the pod named <paramref name="replica"/>: grace period 0 (kill) or the pod's own (terminate), guarded by
    /// its UID so a same-named successor is never hit, as a server-side dry run when the guard says so. Returns once
    /// the watch shows the pod gone or terminating — not after its replacement is Ready: the controller verifies the
    /// role right after the hit, while the victim's key still outlives it; <see cref="StopAsync"/> waits for the
    /// replacements.
    /// </summary>
    private async Task DeleteAsync(string replica, bool graceful, string action, CancellationToken cancellationToken)
    {
        var pod = _pods.Find(replica)
            ?? throw new InvalidOperationException($"pod \"{replica}\" is not one of the pods of {Guard.LabelSelector} in namespace \"{Guard.Namespace}\" (they are: {string.Join(", ", _pods.Snapshot().Select(p => p.Name()))}); it may have been deleted meanwhile.");
        if (pod.IsDeleting())
        {
            throw new InvalidOperationException($"pod {Guard.Namespace}/{replica} is already terminating; there is nothing left to {action}.");
        }

        var grace = graceful ? pod.GracePeriodSeconds() : 0;
        var deletion = Guard.Authorize(pod, grace, action);
        _output.WriteLine(deletion.ToString());
        var body = new V1DeleteOptions
        {
            GracePeriodSeconds = grace,
            Preconditions = pod.Metadata?.Uid is { } uid ? new V1Preconditions { Uid = uid } : null,
            DryRun = Guard.DryRun ? [KubernetesTargetConstants.ServerDryRun] : null,
        };
        try
        {
            using var deadline = new CancellationTokenSource(_options.RequestTimeout, Time);
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            await _client.CoreV1.DeleteNamespacedPodAsync(
                replica,
                Guard.Namespace,
                body,
                dryRun: Guard.DryRun ? KubernetesTargetConstants.ServerDryRun : null,
                gracePeriodSeconds: (int)grace,
                cancellationToken: call.Token);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw KubernetesApiErrors.Translate(e, "delete", "pods", Guard.Namespace, replica, ApiServer);
        }

        if (Guard.DryRun)
        {
            return;
        }

        _lastDeletion = Time.GetTimestamp();
        var uidDeleted = pod.Metadata?.Uid;
        var observed = await _pods.WaitUntilAsync(
            pods => pods.FirstOrDefault(p => p.Name() == replica) is not { } now || now.IsDeleting() || now.Metadata?.Uid != uidDeleted,
            _options.DeleteTimeout,
            cancellationToken);
        if (!observed)
        {
            throw new InvalidOperationException($"the API server accepted the deletion of pod {Guard.Namespace}/{replica}, but the watch did not show it leave or start terminating within {_options.DeleteTimeout}.");
        }
    }
}
