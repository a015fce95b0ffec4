namespace ResilienceLab.Kubernetes.Api;

/// <summary>
/// The Kubernetes API refused or failed a request; <see cref="Exception.Message"/> says which verb on which object
/// and what to do (e.g. which RBAC rule is missing). An <see cref="InvalidOperationException"/>, so the chaos
/// controller records it as the failure of the step that asked, instead of crashing the run.
/// </summary>
public sealed class KubernetesApiException : InvalidOperationException
{
    public KubernetesApiException(string message, int statusCode, string? reason, string verb, string resource, string @namespace, string? name, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Reason = reason;
        Verb = verb;
        Resource = resource;
        Namespace = @namespace;
        Name = name;
    }

    /// <summary>The HTTP status code (0 when the server could not be reached).</summary>
    public int StatusCode { get; }

    /// <summary>The <c>reason</c> of the API's Status object (Forbidden, NotFound, Conflict, …), if it sent one.</summary>
    public string? Reason { get; }

    /// <summary>The verb that failed (get, list, watch, delete).</summary>
    public string Verb { get; }

    /// <summary>The resource (pods, pods/log).</summary>
    public string Resource { get; }

    /// <summary>The namespace of the request.</summary>
    public string Namespace { get; }

    /// <summary>The object's name, for requests about one object.</summary>
    public string? Name { get; }
}
