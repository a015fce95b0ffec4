using k8s;
using k8s.Models;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>
/// k8s/helm-etcd/: the path for an etcd installed with the common Helm chart (Service &lt;release&gt;-etcd:2379, root
/// password in Secret &lt;release&gt;-etcd, key etcd-root-password). The password travels only by secretKeyRef.
/// </summary>
public sealed class HelmEtcdOverlayTests
{
    private const string Release = "reslab";
    private const string SecretKey = "etcd-root-password";
    private static readonly string Overlay = RepoPaths.InRepo("k8s", "helm-etcd");

    [Fact]
    public void WorkerPatch_WiresTheChartsServiceUserAndSecretKey()
    {
        var container = PatchedContainer("worker-patch.yaml");

        Assert.Equal($"http://{Release}-etcd.{Manifests.Namespace}.svc:2379", Env(container, "RESLAB_Store__Endpoints")!.Value);
        Assert.Equal("root", Env(container, "RESLAB_Store__Username")!.Value);
        AssertFromSecret(Env(container, "RESLAB_Store__Password"));
    }

    [Fact]
    public void JobPatch_GivesTheControllerTheVariableThePlanNames()
    {
        var container = PatchedContainer("job-patch.yaml");
        var plan = OverlayPlan();

        var source = plan.Store.Credentials!.PasswordFrom!;
        Assert.Equal(PasswordSourceKind.Environment, source.Kind);
        AssertFromSecret(Env(container, source.Name));
    }

    [Fact]
    public void OverlayPlan_LoadsCleanlyAndReachesTheChartsService()
    {
        var plan = OverlayPlan();

        Assert.Equal([$"http://{Release}-etcd.{Manifests.Namespace}.svc:2379"], plan.Store.Endpoints);
        Assert.Equal("root", plan.Store.Credentials!.Username);
        Assert.False(plan.Store.Credentials.HasLiteralPassword);
    }

    [Fact]
    public void OverlayPlan_IsTheBasePlanWithOnlyTheStoreSectionChanged()
    {
        Assert.Equal(WithoutStore(PlanText(Path.Combine(Manifests.Directory, "40-plan.yaml"))), WithoutStore(PlanText(Path.Combine(Overlay, "40-plan.yaml"))));
    }

    [Fact]
    public void Overlay_HoldsNoPassword()
    {
        foreach (var file in Directory.GetFiles(Overlay))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("password:", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("stringData", text, StringComparison.Ordinal);
        }
    }

    private static void AssertFromSecret(V1EnvVar? variable)
    {
        Assert.NotNull(variable);
        Assert.Null(variable.Value);
        Assert.Equal($"{Release}-etcd", variable.ValueFrom.SecretKeyRef.Name);
        Assert.Equal(SecretKey, variable.ValueFrom.SecretKeyRef.Key);
    }

    private static V1EnvVar? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name);

    // A patch is a partial Deployment/Job: read it as the pod template it patches.
    private static V1Container PatchedContainer(string file)
    {
        var patch = KubernetesYaml.Deserialize<V1Deployment>(File.ReadAllText(Path.Combine(Overlay, file)), strict: true);
        return Assert.Single(patch.Spec.Template.Spec.Containers);
    }

    private static ChaosPlan OverlayPlan()
    {
        var result = ChaosPlanLoader.LoadText(PlanText(Path.Combine(Overlay, "40-plan.yaml")), "k8s/helm-etcd/40-plan.yaml#plan.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Warnings);
        return result.Plan!;
    }

    private static string PlanText(string file) =>
        Assert.IsType<V1ConfigMap>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(file), typeMap: null, strict: true))).Data["plan.yaml"];

    private static string WithoutStore(string plan)
    {
        var lines = plan.Split('\n');
        var start = Array.IndexOf(lines, "store:");
        var end = Array.IndexOf(lines, "workload:");
        Assert.True(start >= 0 && end > start, "the plan has a store section before its workload");
        return string.Join('\n', lines[..start].Concat(lines[end..]));
    }
}
