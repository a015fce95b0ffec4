using System.Globalization;
using k8s.Models;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;
using ResilienceLab.Kubernetes.Workload;
using ResilienceLab.Worker;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>
/// What a Kubernetes engineer asks of k8s/ before running it: resources, disruption budgets, etcd housekeeping, Job
/// clean-up — and of k8s/agent/: a sidecar that stays within the restricted profile and is wired to the worker, the
/// Secret and the plan consistently.
/// </summary>
public sealed class ManifestOperationsTests
{
    private const string TokenDirectory = "/var/run/secrets/resiliencelab/agent";

    [Fact]
    public void EveryContainer_RequestsCpuAndMemoryAndLimitsMemory()
    {
        var specs = Manifests.Objects().Concat(Manifests.AgentObjects()).Select(PodSpec).OfType<V1PodSpec>().ToList();

        Assert.Equal(5, specs.Count);
        Assert.All(specs.SelectMany(s => s.Containers), c =>
        {
            Assert.True(c.Resources?.Requests?.ContainsKey("cpu") == true, $"{c.Name} requests no CPU");
            Assert.True(c.Resources.Requests.ContainsKey("memory"), $"{c.Name} requests no memory");
            Assert.True(c.Resources.Limits?.ContainsKey("memory") == true, $"{c.Name} has no memory limit");
            Assert.True(c.Resources.Limits["memory"].ToDecimal() >= c.Resources.Requests["memory"].ToDecimal(), $"{c.Name}: memory limit below its request");
        });
    }

    [Fact]
    public void DisruptionBudgets_TakeOneWorkerAtATimeAndKeepEtcdsQuorum()
    {
        var budgets = Manifests.Objects().OfType<V1PodDisruptionBudget>().ToList();
        var etcd = Manifests.Single<V1StatefulSet>();
        var workers = Manifests.Single<V1Deployment>();

        var etcdBudget = Assert.Single(budgets, b => Selects(b, etcd.Spec.Template.Metadata.Labels));
        Assert.Equal(etcd.Spec.Replicas / 2 + 1, etcdBudget.Spec.MinAvailable.Value is var v && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : -1);
        var workerBudget = Assert.Single(budgets, b => Selects(b, workers.Spec.Template.Metadata.Labels));
        Assert.Equal("1", workerBudget.Spec.MaxUnavailable.Value);
        Assert.True(Selects(workerBudget, Manifests.AgentSingle<V1Deployment>().Spec.Template.Metadata.Labels), "the agent variant's workers are not covered");
    }

    [Fact]
    public void Etcd_CompactsPeriodicallyAndCapsItsBackendWellInsideItsVolume()
    {
        var etcd = Manifests.Single<V1StatefulSet>();
        var command = etcd.Spec.Template.Spec.Containers.Single().Command;

        Assert.Contains("--auto-compaction-mode=periodic", command);
        Assert.Contains(command, a => a.StartsWith("--auto-compaction-retention=", StringComparison.Ordinal));
        var quota = long.Parse(command.Single(a => a.StartsWith("--quota-backend-bytes=", StringComparison.Ordinal)).Split('=')[1], CultureInfo.InvariantCulture);
        var volume = etcd.Spec.VolumeClaimTemplates.Single().Spec.Resources.Requests["storage"].ToDecimal();
        Assert.True(quota * 2 <= volume, $"quota {quota} B leaves no room for the WAL and snapshots on a {volume} B volume");
        Assert.True(etcd.Spec.Template.Spec.Containers.Single().Resources.Limits["memory"].ToDecimal() > quota, "the backend is memory-mapped: the memory limit must exceed the quota");
    }

    [Fact]
    public void Jobs_CleanUpAfterTheyFinish()
    {
        foreach (var job in new[] { Manifests.Single<V1Job>(), Manifests.AgentSingle<V1Job>() })
        {
            Assert.InRange(job.Spec.TtlSecondsAfterFinished ?? 0, 600, 86400);
        }
    }

    [Fact]
    public void AgentDeployment_WorkerContainerIsTheBaseWorkerReachingEtcdThroughTheAgent()
    {
        var baseWorker = Manifests.Single<V1Deployment>().Spec.Template.Spec.Containers.Single();
        var spec = Manifests.AgentSingle<V1Deployment>().Spec.Template.Spec;
        var worker = spec.Containers.First();
        var agent = spec.Containers.Single(c => c.Ports?.Any(p => p.Name == AgentProtocol.PortName) == true);

        // The worker comes first: its log is the one the target reads (the pod's first container).
        Assert.Equal(baseWorker.Name, worker.Name);
        Assert.Equal(2, spec.Containers.Count);
        Assert.Equal(
            baseWorker.Env.Where(e => e.Name != "RESLAB_Store__Endpoints").Select(e => (e.Name, e.Value)),
            worker.Env.Where(e => e.Name is not "RESLAB_Store__Endpoints" and not "RESLAB_Store__FaultFile").Select(e => (e.Name, e.Value)));
        Assert.Equal((baseWorker.Image, baseWorker.StartupProbe.HttpGet.Path, baseWorker.ReadinessProbe.HttpGet.Path), (worker.Image, worker.StartupProbe.HttpGet.Path, worker.ReadinessProbe.HttpGet.Path));

        var upstreams = Env(agent, "RESLAB_Agent__Upstreams")!.Split(',');
        var ports = Env(agent, "RESLAB_Agent__ProxyPorts")!.Split(',');
        Assert.Equal(Env(baseWorker, "RESLAB_Store__Endpoints")!.Split(','), upstreams);
        Assert.Equal(ports.Select(p => $"http://127.0.0.1:{p}"), Env(worker, "RESLAB_Store__Endpoints")!.Split(','));
        Assert.Equal(Env(worker, "RESLAB_Store__FaultFile"), Env(agent, "RESLAB_Agent__FaultFile"));
        var faultDirectory = Path.GetDirectoryName(Env(worker, "RESLAB_Store__FaultFile"));
        var shared = spec.Volumes.Single(v => v.EmptyDir is not null);
        Assert.Equal(faultDirectory, worker.VolumeMounts.Single(m => m.Name == shared.Name).MountPath);
        Assert.Equal(faultDirectory, agent.VolumeMounts.Single(m => m.Name == shared.Name).MountPath);
    }

    [Fact]
    public void AgentDeployment_SidecarIsTheSameImageUnprivilegedSharingTheProcessNamespace()
    {
        var spec = Manifests.AgentSingle<V1Deployment>().Spec.Template.Spec;
        var worker = spec.Containers.First();
        var agent = spec.Containers.Single(c => c != worker);

        Assert.True(spec.ShareProcessNamespace);
        Assert.Equal(worker.Image, agent.Image);
        Assert.Null(agent.Command);
        Assert.Equal([AgentConstants.Command], agent.Args);
        Assert.Equal("metadata.name", agent.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);

        // Signalling the worker needs the same user and nothing else: no capability (not even KILL or NET_ADMIN).
        Assert.Null(agent.SecurityContext.RunAsUser ?? worker.SecurityContext.RunAsUser);
        Assert.Equal(["ALL"], agent.SecurityContext.Capabilities.Drop);
        Assert.True(agent.SecurityContext.Capabilities.Add is null or { Count: 0 });
        var port = agent.Ports.Single(p => p.Name == AgentProtocol.PortName).ContainerPort;
        Assert.Equal(AgentProtocol.DefaultPort, port);
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), Env(agent, "RESLAB_Agent__Port"));
        Assert.Equal(AgentProtocol.PortName, agent.ReadinessProbe.TcpSocket.Port.Value);
    }

    [Fact]
    public void AgentDeployment_AgentSettingsPassTheAgentsOwnValidation()
    {
        var agent = Manifests.AgentSingle<V1Deployment>().Spec.Template.Spec.Containers.Last();
        var options = new AgentOptions
        {
            Port = int.Parse(Env(agent, "RESLAB_Agent__Port")!, CultureInfo.InvariantCulture),
            TokenFile = Env(agent, "RESLAB_Agent__TokenFile"),
            PodName = "reslab-worker-0",
            Upstreams = Env(agent, "RESLAB_Agent__Upstreams"),
            ProxyPorts = Env(agent, "RESLAB_Agent__ProxyPorts"),
            FaultFile = Env(agent, "RESLAB_Agent__FaultFile"),
            LeaseTtl = TimeSpan.Parse(Env(agent, "RESLAB_Agent__LeaseTtl")!, CultureInfo.InvariantCulture),
        };

        // Only the Secret is missing here, as it is until the cluster mounts it.
        var error = Assert.Single(AgentOptionsValidator.Errors(options));
        Assert.StartsWith($"Agent:TokenFile: '{TokenDirectory}/token' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentVariant_TheSecretIsMountedWhereTheAgentAndThePlanReadTheToken()
    {
        var pod = Manifests.AgentSingle<V1Deployment>().Spec.Template.Spec;
        var job = Manifests.AgentSingle<V1Job>().Spec.Template.Spec;
        var agent = pod.Containers.Last();
        var plan = AgentPlan();

        var secret = pod.Volumes.Single(v => v.Secret is not null).Secret.SecretName;
        Assert.Equal(secret, job.Volumes.Single(v => v.Secret is not null).Secret.SecretName);
        Assert.Equal(TokenDirectory, agent.VolumeMounts.Single(m => pod.Volumes.Single(v => v.Name == m.Name).Secret is not null).MountPath);
        Assert.Equal(TokenDirectory, job.Containers.Single().VolumeMounts.Single(m => job.Volumes.Single(v => v.Name == m.Name).Secret is not null).MountPath);
        Assert.Equal($"{TokenDirectory}/token", Env(agent, "RESLAB_Agent__TokenFile"));
        Assert.Equal($"{TokenDirectory}/token", plan.Target.Agent!.TokenFile);
        Assert.DoesNotContain(pod.Containers.First().VolumeMounts, m => pod.Volumes.Single(v => v.Name == m.Name).Secret is not null);
    }

    [Fact]
    public void AgentPlan_UsesAgentActionsAndMatchesTheAgentDeployment()
    {
        var plan = AgentPlan();
        var template = Manifests.AgentSingle<V1Deployment>().Spec.Template;
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "reslab-worker-0", Labels = template.Metadata.Labels }, Spec = template.Spec };

        Assert.Contains(plan.Schedule, s => s.Action == ChaosActionKind.Pause);
        Assert.All(plan.Schedule, s => Assert.Null(TargetCapabilities.WhyNot(plan.Target, s.Action)));
        Assert.All(plan.Schedule, s => Assert.NotNull(TargetCapabilities.WhyNot(plan.Target with { Agent = null }, s.Action)));
        Assert.Equal(Env(template.Spec.Containers.Last(), "RESLAB_Agent__Upstreams")!.Split(','), plan.Store.Endpoints);
        var (errors, warnings) = WorkloadConsistency.Check([pod], PlanWorkload.ToReplicaOptions(plan), null);
        Assert.Empty(errors);
        Assert.Empty(warnings);
    }

    private static ChaosPlan AgentPlan()
    {
        var result = ChaosPlanLoader.LoadText(Manifests.AgentSingle<V1ConfigMap>().Data["plan.yaml"], "k8s/agent/40-plan-agent.yaml#plan.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Warnings);
        return result.Plan!;
    }

    private static V1PodSpec? PodSpec(object o) => o switch
    {
        V1Deployment d => d.Spec.Template.Spec,
        V1StatefulSet s => s.Spec.Template.Spec,
        V1Job j => j.Spec.Template.Spec,
        _ => null,
    };

    private static bool Selects(V1PodDisruptionBudget budget, IDictionary<string, string> labels) =>
        budget.Spec.Selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

    private static string? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name)?.Value;
}
