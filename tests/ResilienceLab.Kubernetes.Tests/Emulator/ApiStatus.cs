using System.Text.Json.Nodes;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>The API server's <c>Status</c> objects for failures, as it sends them (kind Status, status Failure, reason, code).</summary>
internal static class ApiStatus
{
    /// <summary>The user the emulator pretends the caller is, as RBAC messages name it.</summary>
    public const string User = "system:serviceaccount:reslab:reslab-chaos";

    public static (int Code, string Json) NotFound(string resource, string name) =>
        Failure(404, "NotFound", $"{resource} \"{name}\" not found", resource, name);

    public static (int Code, string Json) NoSuchResource() =>
        Failure(404, "NotFound", "the server could not find the requested resource", null, null);

    public static (int Code, string Json) Forbidden(string resource, string? name, string verb, string @namespace)
    {
        var subject = name is null ? resource : $"{resource.Split('/')[0]} \"{name}\"";
        return Failure(403, "Forbidden", $"{subject} is forbidden: User \"{User}\" cannot {verb} resource \"{resource}\" in API group \"\" in the namespace \"{@namespace}\"", resource, name);
    }

    public static (int Code, string Json) UidConflict(string name, string expected, string actual) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on pods \"{name}\": Precondition failed: UID in precondition: {expected}, UID in object meta: {actual}", "pods", name);

    public static (int Code, string Json) BadRequest(string message) => Failure(400, "BadRequest", message, null, null);

    public static (int Code, string Json) Gone(string message) => Failure(410, "Expired", message, null, null);

    public static string ToJson(int code, string reason, string message) => Failure(code, reason, message, null, null).Json;

    private static (int Code, string Json) Failure(int code, string reason, string message, string? kind, string? name)
    {
        // Written by hand: KubernetesClient's V1Status converter reads Status objects but does not write them.
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (kind is not null || name is not null)
        {
            var details = new JsonObject();
            if (name is not null)
            {
                details["name"] = name;
            }

            if (kind is not null)
            {
                details["kind"] = kind;
            }

            status["details"] = details;
        }

        return (code, status.ToJsonString());
    }
}
