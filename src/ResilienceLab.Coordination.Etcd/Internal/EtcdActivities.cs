using System.Diagnostics;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// Activities around the etcd client's store calls, on the activity source named <see cref="CoordinationTelemetry.Name"/>
/// — the primitives' source name — so one <c>AddSource</c> shows a lock acquisition and the etcd calls it made beneath it.
/// </summary>
internal static class EtcdActivities
{
    private static readonly ActivitySource Source = new(CoordinationTelemetry.Name);

    /// <summary>Starts <c>etcd &lt;operation&gt;</c> when someone listens (null otherwise, at no cost).</summary>
    public static Activity? Start(string operation, string key, EtcdOperationKind kind)
    {
        var activity = Source.StartActivity($"etcd {operation}", ActivityKind.Client);
        activity?.SetTag("db.system.name", "etcd");
        activity?.SetTag("db.operation.name", operation);
        activity?.SetTag("reslab.key", key);
        activity?.SetTag("reslab.call_kind", kind.ToString().ToLowerInvariant());
        return activity;
    }

    /// <summary>Marks the call failed with the error callers see (unavailable, indeterminate, lease not found, ...).</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.Message);
        activity?.SetTag("error.type", error.GetType().Name);
    }

    /// <summary>Notes on the current call's activity that etcd rejected the auth token and the client authenticated again.</summary>
    public static void TokenRejected(string? username) =>
        Activity.Current?.AddEvent(new ActivityEvent("etcd auth token rejected; re-authenticating", tags: new ActivityTagsCollection { ["reslab.user"] = username }));
}
