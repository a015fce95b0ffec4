using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

internal sealed partial class PodApiEmulator
{
    /// <summary>The kinds the discovery endpoints announce: group/version → (resource, kind, namespaced).</summary>
    private static readonly Dictionary<string, (string Resource, string Kind, bool Namespaced)[]> Kinds = new(StringComparer.Ordinal)
    {
        ["v1"] =
        [
            ("namespaces", "Namespace", false), ("pods", "Pod", true), ("services", "Service", true), ("configmaps", "ConfigMap", true),
            ("serviceaccounts", "ServiceAccount", true), ("persistentvolumeclaims", "PersistentVolumeClaim", true),
        ],
        ["apps/v1"] = [("deployments", "Deployment", true), ("statefulsets", "StatefulSet", true), ("replicasets", "ReplicaSet", true)],
        ["batch/v1"] = [("jobs", "Job", true)],
        ["rbac.authorization.k8s.io/v1"] = [("roles", "Role", true), ("rolebindings", "RoleBinding", true)],
        ["policy/v1"] = [("poddisruptionbudgets", "PodDisruptionBudget", true)],
    };

    /// <summary>
    /// Discovery (legacy, unaggregated) for the kinds of k8s/, so that <c>kubectl apply --dry-run=client</c> can map
    /// every manifest to a resource. A GET of any object falls through to 404, so kubectl treats each as new.
    /// </summary>
    private void MapDiscovery(WebApplication app)
    {
        app.MapGet("/version", context => WriteAsync(context, (200, """{"major":"1","minor":"32","gitVersion":"v1.32.0-reslab-emulator","platform":"linux/amd64"}""")));
        app.MapGet("/api", context => WriteAsync(context, (200, KubernetesJson.Serialize(new V1APIVersions
        {
            Kind = "APIVersions",
            Versions = ["v1"],
            ServerAddressByClientCIDRs = [new V1ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = context.Request.Host.Value! }],
        }))));
        app.MapGet("/apis", context => WriteAsync(context, (200, KubernetesJson.Serialize(new V1APIGroupList
        {
            ApiVersion = "v1",
            Kind = "APIGroupList",
            Groups = [.. Kinds.Keys.Where(k => k.Contains('/', StringComparison.Ordinal)).Select(gv =>
            {
                var version = new V1GroupVersionForDiscovery { GroupVersion = gv, Version = gv.Split('/')[1] };
                return new V1APIGroup { Name = gv.Split('/')[0], Versions = [version], PreferredVersion = version };
            })],
        }))));
        app.MapGet("/api/v1", context => WriteAsync(context, ResourceList("v1")));
        app.MapGet("/apis/{group}/{version}", context => WriteAsync(context, ResourceList($"{context.Request.RouteValues["group"]}/{context.Request.RouteValues["version"]}")));
    }

    private static (int, string) ResourceList(string groupVersion) =>
        Kinds.TryGetValue(groupVersion, out var kinds)
            ? (200, KubernetesJson.Serialize(new V1APIResourceList
            {
                ApiVersion = "v1",
                Kind = "APIResourceList",
                GroupVersion = groupVersion,
                Resources = [.. kinds.Select(k => new V1APIResource
                {
                    Name = k.Resource,
                    Kind = k.Kind,
                    Namespaced = k.Namespaced,
                    SingularName = k.Kind.ToLowerInvariant(),
                    Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
                })],
            }))
            : ApiStatus.NoSuchResource();
}
