using ResilienceLab.Hosting;
using System.Diagnostics;
using System.Globalization;
using k8s.Models;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Workload;
using ResilienceLab.Worker;
using Xunit.Abstractions;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>Offline validation of k8s/: every document, RBAC, the worker Deployment, etcd, the plan and the Job.</summary>
public sealed class ManifestTests(ITestOutputHelper output)
{
    private const string Ns = Manifests.Namespace;

    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding"];

    [Fact]
    public void EveryDocument_HasApiVersionKindNameAndTheNamespace()
    {
        var documents = Manifests.Documents();

        Assert.NotEmpty(documents);
        foreach (var (file, root) in documents)
        {
            var kind = Manifests.Scalar(root, "kind");
            var where = $"{file}: {kind} {Manifests.Scalar(root, "metadata", "name")}";
            Assert.False(string.IsNullOrEmpty(Manifests.Scalar(root, "apiVersion")), where + " has no apiVersion");
            Assert.False(string.IsNullOrEmpty(kind), where + " has no kind");
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", Manifests.Scalar(root, "metadata", "name") ?? "");
            Assert.Equal(ClusterScoped.Contains(kind!) ? null : Ns, Manifests.Scalar(root, "metadata", "namespace"));
        }
    }

    [Fact]
    public void Objects_LoadStrictlyAsKubernetesApiObjects()
    {
        var kinds = Manifests.Objects().Select(o => o.GetType().Name).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["V1ConfigMap", "V1Deployment", "V1Job", "V1Namespace", "V1PodDisruptionBudget", "V1PodDisruptionBudget", "V1Role", "V1RoleBinding", "V1Service", "V1ServiceAccount", "V1ServiceAccount", "V1StatefulSet"], kinds);
        Assert.Equal(["V1ConfigMap", "V1Deployment", "V1Job"], Manifests.AgentObjects().Select(o => o.GetType().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Role_AllowsExactlyGetListWatchDeleteOnPodsAndGetOnPodsLog()
    {
        var role = Manifests.Single<V1Role>();

        var grants = role.Rules.SelectMany(r => r.ApiGroups.SelectMany(g => r.Resources.SelectMany(res => r.Verbs.Select(v => $"{g}/{res}:{v}"))))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["/pods/log:get", "/pods:delete", "/pods:get", "/pods:list", "/pods:watch"], grants);
        Assert.All(role.Rules, r => Assert.Null(r.ResourceNames));
    }

    [Fact]
    public void Manifests_GrantNothingClusterWide()
    {
        Assert.DoesNotContain(Manifests.Objects(), o => o is V1ClusterRole or V1ClusterRoleBinding);
    }

    [Fact]
    public void RoleBinding_BindsTheRoleToTheServiceAccountTheJobRunsAs()
    {
        var binding = Manifests.Single<V1RoleBinding>();
        var job = Manifests.Single<V1Job>();

        Assert.Equal(("Role", Manifests.Single<V1Role>().Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", job.Spec.Template.Spec.ServiceAccountName, Ns), (subject.Kind, subject.Name, subject.NamespaceProperty));
    }

    [Fact]
    public void WorkerDeployment_RunsThreeWorkersNamedAfterTheirPodsThroughTheDownwardApi()
    {
        var deployment = Manifests.Single<V1Deployment>();
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.Equal(3, deployment.Spec.Replicas);
        var podName = Assert.Single(container.Env, e => e.Name == "POD_NAME");
        Assert.Equal("metadata.name", podName.ValueFrom.FieldRef.FieldPath);
        Assert.DoesNotContain(container.Env, e => e.Name == "RESLAB_Replica__Name");
        Assert.Equal(KubernetesTargetConstants.HistoryStdoutPath, Env(container, KubernetesTargetConstants.HistoryPathVariable));
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
    }

    [Fact]
    public void WorkerDeployment_ProbesTheWorkersHealthEndpointOnAnUnprivilegedPort()
    {
        var container = Manifests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single();
        var port = int.Parse(Env(container, "RESLAB_Health__Port")!, CultureInfo.InvariantCulture);

        // Non-root with every capability dropped cannot bind below 1024.
        Assert.True(port >= HealthEndpointConstants.MinimumPort, $"RESLAB_Health__Port {port} is privileged");
        var named = Assert.Single(container.Ports, p => p.Name == "health");
        Assert.Equal(port, named.ContainerPort);
        foreach (var (probe, path) in new[]
        {
            (container.StartupProbe, HealthEndpointConstants.StartupPath),
            (container.ReadinessProbe, HealthEndpointConstants.ReadyPath),
            (container.LivenessProbe, HealthEndpointConstants.LivePath),
        })
        {
            Assert.Null(probe.Exec);
            Assert.Equal((path, "health"), (probe.HttpGet.Path, probe.HttpGet.Port.Value));
            Assert.Null(probe.HttpGet.Host); // the restricted (and baseline) profile forbids probing another host
        }

        // Readiness reacts within a second of the lease being lost; start-up allows for the startup timeout (60 s).
        Assert.Equal((1, 1), (container.ReadinessProbe.PeriodSeconds, container.ReadinessProbe.FailureThreshold));
        Assert.True(container.StartupProbe.PeriodSeconds * container.StartupProbe.FailureThreshold > 60);
    }

    [Fact]
    public void WorkerDeployment_GracePeriodOutlastsTheWorkersShutdownTimeout()
    {
        var spec = Manifests.Single<V1Deployment>().Spec.Template.Spec;
        var shutdown = TimeSpan.Parse(Env(spec.Containers.Single(), "RESLAB_Host__ShutdownTimeout")!, CultureInfo.InvariantCulture);

        Assert.True(TimeSpan.FromSeconds(spec.TerminationGracePeriodSeconds!.Value) > shutdown);
    }

    [Fact]
    public void EveryPod_MeetsTheRestrictedPodSecurityStandardTheNamespaceEnforces()
    {
        var specs = new[]
        {
            Manifests.Single<V1Deployment>().Spec.Template.Spec, Manifests.Single<V1Job>().Spec.Template.Spec, Manifests.Single<V1StatefulSet>().Spec.Template.Spec,
            Manifests.AgentSingle<V1Deployment>().Spec.Template.Spec, Manifests.AgentSingle<V1Job>().Spec.Template.Spec,
        };

        Assert.Equal("restricted", Manifests.Single<V1Namespace>().Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.All(specs, spec =>
        {
            Assert.True(spec.SecurityContext.RunAsNonRoot);
            Assert.NotEqual(0, spec.SecurityContext.RunAsUser);
            Assert.Equal("RuntimeDefault", spec.SecurityContext.SeccompProfile.Type);
            Assert.True(spec.HostNetwork is null or false);
            Assert.All(spec.Volumes ?? [], v => Assert.Null(v.HostPath));
            Assert.All(spec.Containers, c => Assert.False(c.SecurityContext.AllowPrivilegeEscalation));
            Assert.All(spec.Containers, c => Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop));
            Assert.All(spec.Containers, c => Assert.True(c.SecurityContext.Capabilities.Add is null or { Count: 0 }, $"{c.Name} adds capabilities"));
            Assert.All(spec.Containers, c => Assert.True(c.SecurityContext.Privileged is null or false, $"{c.Name} is privileged"));
            Assert.All(spec.Containers, c => Assert.True(c.SecurityContext.RunAsUser is null or not 0, $"{c.Name} runs as root"));
        });
        Assert.False(Manifests.Single<V1Deployment>().Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public void EtcdStatefulSet_HasThreeMembersBehindAHeadlessService()
    {
        var etcd = Manifests.Single<V1StatefulSet>();
        var service = Manifests.Single<V1Service>(s => s.Metadata.Name == etcd.Spec.ServiceName);
        var command = etcd.Spec.Template.Spec.Containers.Single().Command;

        Assert.Equal(3, etcd.Spec.Replicas);
        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.True(service.Spec.PublishNotReadyAddresses);
        var cluster = command.Single(a => a.StartsWith("--initial-cluster=", StringComparison.Ordinal));
        Assert.Equal(MemberUrls(2380), cluster["--initial-cluster=".Length..].Split(',').Select(m => m.Split('=')[1]));
    }

    [Fact]
    public void StoreEndpoints_OfTheWorkersAndThePlan_AreTheEtcdMembers()
    {
        var container = Manifests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single();

        Assert.Equal(MemberUrls(2379), Env(container, "RESLAB_Store__Endpoints")!.Split(','));
        Assert.Equal(MemberUrls(2379), Plan().Store.Endpoints);
    }

    [Fact]
    public void PlanInTheConfigMap_TargetsTheWorkerDeployment()
    {
        var plan = Plan();
        var deployment = Manifests.Single<V1Deployment>();

        Assert.Equal(TargetKind.Kubernetes, plan.Target.Kind);
        Assert.Equal(Ns, plan.Target.Namespace);
        Assert.Equal(deployment.Spec.Replicas, plan.Target.Replicas);
        Assert.NotEmpty(plan.Target.Selector);
        Assert.All(plan.Target.Selector, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
        Assert.All(plan.Schedule, s => Assert.Null(TargetCapabilities.WhyNot(plan.Target, s.Action)));
    }

    [Fact]
    public void PlanInTheConfigMap_WorkloadMatchesTheDeploymentsConfiguration()
    {
        var template = Manifests.Single<V1Deployment>().Spec.Template;
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "reslab-worker-0", Labels = template.Metadata.Labels }, Spec = template.Spec };

        var (errors, warnings) = WorkloadConsistency.Check([pod], PlanWorkload.ToReplicaOptions(Plan()), null);

        Assert.Empty(errors);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Job_RunsTheMountedPlanAndPrintsTheJUnitReportKeptInAnEmptyDir()
    {
        var job = Manifests.Single<V1Job>();
        var spec = job.Spec.Template.Spec;
        var container = spec.Containers.Single();
        var script = string.Join(' ', container.Args);

        Assert.Equal("Never", spec.RestartPolicy);
        Assert.Equal(0, job.Spec.BackoffLimit);
        var planMount = container.VolumeMounts.Single(m => spec.Volumes.Single(v => v.Name == m.Name).ConfigMap?.Name == Manifests.Single<V1ConfigMap>().Metadata.Name);
        var reports = container.VolumeMounts.Single(m => spec.Volumes.Single(v => v.Name == m.Name).EmptyDir is not null);
        Assert.Contains($"reslab run {planMount.MountPath}/plan.yaml --report {reports.MountPath}", script, StringComparison.Ordinal);
        Assert.Contains($"cat {reports.MountPath}/junit.xml", script, StringComparison.Ordinal);
        Assert.Contains("exit $rc", script, StringComparison.Ordinal);
        Assert.Equal(Manifests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single().Image, container.Image);
    }

    [Fact]
    public void Job_PodIsNeverSelectedByThePlan()
    {
        var labels = Manifests.Single<V1Job>().Spec.Template.Metadata.Labels;

        Assert.False(Plan().Target.Selector.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value));
    }

    [Fact]
    public async Task KubectlApplyClientDryRun_AcceptsEveryManifest()
    {
        if (Which("kubectl") is not { } kubectl)
        {
            output.WriteLine("kubectl is not on PATH; the offline checks above are the validation");
            return;
        }

        // Client-side dry run still needs discovery: the emulator serves it, and 404 for every object (all are new).
        await using var emulator = await PodApiEmulator.StartAsync();
        var kubeconfig = Path.GetTempFileName();
        try
        {
            var info = new ProcessStartInfo(kubectl);
            foreach (var arg in new[] { "--kubeconfig", kubeconfig, "--server", emulator.Url, "apply", "--dry-run=client", "--validate=false", "-f", Manifests.Directory })
            {
                info.ArgumentList.Add(arg);
            }

            var result = await ChildProcess.RunAsync(info, TimeSpan.FromSeconds(60));
            output.WriteLine(result.ToString());

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal(Manifests.Objects().Count, result.Output.Split('\n').Count(l => l.EndsWith("(dry run)", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static ChaosPlan Plan(V1ConfigMap? configMap = null)
    {
        var text = (configMap ?? Manifests.Single<V1ConfigMap>()).Data["plan.yaml"];
        var result = ChaosPlanLoader.LoadText(text, configMap is null ? "k8s/40-plan.yaml#plan.yaml" : "k8s/agent/40-plan-agent.yaml#plan.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Warnings);
        return result.Plan!;
    }

    private static string[] MemberUrls(int port) => [.. Enumerable.Range(0, 3).Select(i => $"http://etcd-{i}.etcd.{Ns}.svc:{port}")];

    private static string? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name)?.Value;

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
