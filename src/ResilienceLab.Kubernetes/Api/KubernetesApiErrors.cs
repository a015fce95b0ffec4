using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ResilienceLab.Kubernetes.Api;

/// <summary>
/// Turns a failed API call into a <see cref="KubernetesApiException"/> whose message a user can act on: which verb
/// on which pod in which namespace, what the API server said (its Status message), and what to change — the RBAC
/// rule to grant for 403, why a pod may be gone for 404, why nothing was deleted for 409.
/// </summary>
public static class KubernetesApiErrors
{
    /// <summary>The message and status of <paramref name="error"/> for <paramref name="verb"/> on <paramref name="resource"/>.</summary>
    public static KubernetesApiException Translate(Exception error, string verb, string resource, string @namespace, string? name = null, string? apiServer = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is KubernetesApiException known)
        {
            return known;
        }

        var what = name is null ? $"{resource} in namespace \"{@namespace}\"" : $"{Singular(resource)} \"{name}\" in namespace \"{@namespace}\"";
        if (error is not HttpOperationException http)
        {
            var where = apiServer is null ? "the Kubernetes API server" : $"the Kubernetes API server ({apiServer})";
            return new KubernetesApiException($"could not {verb} {what}: {where} could not be reached or did not answer: {error.Message}", 0, null, verb, resource, @namespace, name, error);
        }

        var code = (int)(http.Response?.StatusCode ?? 0);
        var status = ReadStatus(http.Response?.Content);
        var said = status?.Message ?? http.Response?.ReasonPhrase ?? http.Message;
        var message = (HttpStatusCode)code switch
        {
            HttpStatusCode.Forbidden =>
                $"forbidden: the API server refused to {verb} {what} (it said: {said}). The identity running reslab lacks RBAC permission: " +
                $"grant it a Role in namespace \"{@namespace}\" with the rule {{apiGroups: [\"\"], resources: [\"{resource}\"], verbs: [\"{verb}\"]}} and a RoleBinding to it " +
                "(k8s/rbac.yaml grants exactly get, list, watch and delete on pods and get on pods/log).",
            HttpStatusCode.NotFound when name is not null =>
                $"not found: could not {verb} {what}: it no longer exists (it said: {said}). It was deleted or replaced after it was selected — by its controller, another run, or a person.",
            HttpStatusCode.NotFound =>
                $"not found: could not {verb} {what} (it said: {said}). Does namespace \"{@namespace}\" exist? Check with: kubectl get namespace {@namespace}",
            HttpStatusCode.Conflict =>
                $"conflict: could not {verb} {what} (it said: {said}). The pod was replaced by a new one with the same name after it was selected; " +
                "the UID precondition kept the successor alive and nothing was deleted.",
            HttpStatusCode.Unauthorized =>
                $"unauthorized: the API server did not accept the credentials when asked to {verb} {what} (it said: {said}). Check the kubeconfig user or the pod's service account token.",
            _ => $"the API server answered {code} {status?.Reason ?? http.Response?.ReasonPhrase} to {verb} {what}: {said}",
        };
        return new KubernetesApiException(message, code, status?.Reason ?? http.Response?.ReasonPhrase, verb, resource, @namespace, name, error);
    }

    /// <summary>The HTTP status of a failed call, or null when it is not an HTTP error.</summary>
    public static int? StatusCodeOf(Exception error) => error switch
    {
        HttpOperationException { Response: { } response } => (int)response.StatusCode,
        KubernetesApiException api => api.StatusCode,
        _ => null,
    };

    private static V1Status? ReadStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content) || content.TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(content);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Singular(string resource) => resource switch
    {
        "pods" => "pod",
        "pods/log" => "the log of pod",
        _ => resource,
    };
}
