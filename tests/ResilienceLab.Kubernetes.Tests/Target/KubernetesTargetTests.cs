using k8s.Models;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Kubernetes.Api;
using ResilienceLab.Kubernetes.Guard;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Tests.Infrastructure;
using ResilienceLab.Workers;

namespace ResilienceLab.Kubernetes.Tests.Target;

public sealed class KubernetesTargetTests : IAsyncLifetime
{
    private const string Ns = EmulatedCluster.Ns;
    private EmulatedCluster _cluster = null!;

    private PodApiEmulator Emulator => _cluster.Emulator;

    public async Task InitializeAsync() => _cluster = await EmulatedCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task StartAsync_PodsOfTheSelector_AreTheReplicasAndReadyOnceTheirLogsAreFollowed()
    {
        var set = _cluster.Pods(2);
        var others = new FakeReplicaSet(Emulator, Ns, new Dictionary<string, string> { ["app"] = "etcd" }, 1, new FakePods { Prefix = "etcd" });
        await using var _ = others;
        var target = _cluster.CreateTarget();

        await target.StartAsync(CancellationToken.None);

        await Eventually.WaitAsync(() => target.Replicas().Count(r => r.Ready) == 2, TimeSpan.FromSeconds(5), () => "both pods ready");
        Assert.Equal(set.Processes.Keys.Order(StringComparer.Ordinal), target.Replicas().Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(target.Replicas(), r => Assert.False(r.Paused));
    }

    [Fact]
    public async Task KillAsync_ReadyPod_DeletesWithGracePeriodZeroAndItsUidAsPrecondition()
    {
        var set = _cluster.Pods(2);
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;
        var uid = Emulator.Pods(Ns).Single(p => p.Name == victim).Uid;

        await target.KillAsync(victim, CancellationToken.None);

        var delete = Assert.Single(Emulator.Deletes);
        Assert.Equal(new DeleteRequest(Ns, victim, 0, DryRun: false, uid), delete);
        Assert.Contains(Emulator.Requests, r => r.StartsWith($"DELETE /api/v1/namespaces/{Ns}/pods/{victim}?gracePeriodSeconds=0", StringComparison.Ordinal));
        Assert.True(set.Processes[victim].Exited);
        Assert.DoesNotContain(target.Replicas(), r => r.Name == victim);
        Assert.Contains($"deleting pod {Ns}/{victim} with grace period 0s", _cluster.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TerminateAsync_ReadyPod_DeletesWithThePodsOwnGracePeriod()
    {
        _cluster.Pods(2, new FakePods { GracePeriodSeconds = 7, ShutdownTime = TimeSpan.FromMilliseconds(500) });
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;

        await target.TerminateAsync(victim, CancellationToken.None);

        Assert.Equal(7, Assert.Single(Emulator.Deletes).GracePeriodSeconds);
        Assert.DoesNotContain(target.Replicas(), r => r.Name == victim); // terminating pods are no longer replicas
        Assert.Equal(7, target.Deletions.Single().GracePeriodSeconds);
    }

    [Fact]
    public async Task KillAsync_DryRun_DeletesNothingButReportsWhatItWouldDelete()
    {
        var set = _cluster.Pods(2);
        var target = await StartedTargetAsync(o => o.DryRun = true);
        var victim = target.Replicas()[0].Name;

        await target.KillAsync(victim, CancellationToken.None);

        Assert.True(Assert.Single(Emulator.Deletes).DryRun); // a server-side dry run: RBAC and preconditions checked
        Assert.Equal(2, Emulator.Pods(Ns).Count);
        Assert.False(set.Processes[victim].Exited);
        Assert.Contains(target.Replicas(), r => r.Name == victim);
        Assert.True(Assert.Single(target.Deletions).DryRun);
        Assert.Contains($"DRY RUN: would delete pod {Ns}/{victim} with grace period 0s", _cluster.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillAsync_DeleteForbidden_ThrowsWithVerbPodAndMissingRbacRule()
    {
        _cluster.Pods(2);
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;
        Emulator.Forbid(Ns, "delete");

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => target.KillAsync(victim, CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Contains($"refused to delete pod \"{victim}\" in namespace \"{Ns}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("verbs: [\"delete\"]", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Emulator.Pods(Ns).Count);
    }

    [Fact]
    public async Task StartAsync_ListForbidden_ThrowsWithTheMissingRbacRule()
    {
        _cluster.Pods(2);
        Emulator.Forbid(Ns, "list");
        var target = _cluster.CreateTarget();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => target.StartAsync(CancellationToken.None));

        Assert.Equal((403, "list"), (error.StatusCode, error.Verb));
        Assert.Contains("verbs: [\"list\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PodLogForbidden_ThrowsBeforeAnyChaos()
    {
        _cluster.Pods(2);
        Emulator.Forbid(Ns, "get", "pods/log");
        var target = _cluster.CreateTarget();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => target.StartAsync(CancellationToken.None));

        Assert.Equal(("get", "pods/log"), (error.Verb, error.Resource));
        Assert.Contains("resources: [\"pods/log\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ApiServerUnreachable_ThrowsNamingIt()
    {
        var target = _cluster.CreateTarget(o => (o.Host, o.RequestTimeout) = ("http://127.0.0.1:1", TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => target.StartAsync(CancellationToken.None));

        Assert.Contains("API server http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillAsync_PodOutsideTheSelector_RefusesWithoutCallingTheApi()
    {
        _cluster.Pods(2);
        var etcd = new FakeReplicaSet(Emulator, Ns, new Dictionary<string, string> { ["app"] = "etcd" }, 1, new FakePods { Prefix = "etcd" });
        await using var _ = etcd;
        var target = await StartedTargetAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.KillAsync(etcd.Processes.Keys.Single(), CancellationToken.None));

        Assert.Contains("is not one of the pods of app=reslab-worker", error.Message, StringComparison.Ordinal);
        Assert.Empty(Emulator.Deletes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("kube-system")]
    public void Constructor_NoNamespaceOrSystemNamespace_RefusesBeforeAnyRequest(string? ns)
    {
        Assert.Throws<BlastRadiusException>(() => _cluster.CreateTarget(o => o.Namespace = ns));

        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void Constructor_EmptySelector_Refuses()
    {
        var error = Assert.Throws<BlastRadiusException>(() => _cluster.CreateTarget(o => o.Selector.Clear()));

        Assert.Contains("label selector is empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChaosActionKind.Pause, "no verb that freezes a container")]
    [InlineData(ChaosActionKind.Partition, "declare target.agent")]
    [InlineData(ChaosActionKind.KillEtcdMember, "does not own the store's members")]
    public void Capability_ActionsThePodApiCannotDo_AreMissingAndRefused(ChaosActionKind action, string reason)
    {
        var target = _cluster.CreateTarget();

        Assert.False(TargetCapabilities.Has(target, action));
        Assert.Contains(reason, TargetCapabilities.WhyNot(TargetKind.Kubernetes, agent: false, action), StringComparison.Ordinal);
        var error = Assert.Throws<NotSupportedException>(() => action switch
        {
            ChaosActionKind.Pause => (object)target.Require<IReplicaPause>(action),
            ChaosActionKind.Partition => target.Require<IReplicaFaults>(action),
            _ => target.Require<IStoreMembers>(action),
        });
        Assert.Contains(PlanNames.Of(action), error.Message, StringComparison.Ordinal);
    }

    /// <summary>The target has a capability exactly when the one capability table says so, with the agent and without.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Capability_EveryAction_MatchesTheCapabilityTable(bool agent)
    {
        var tokenFile = Path.Combine(Path.GetTempPath(), $"reslab-agent-token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, "token");
        try
        {
            var target = _cluster.CreateTarget(o => o.AgentTokenFile = agent ? tokenFile : null);

            Assert.All(Enum.GetValues<ChaosActionKind>(), action =>
                Assert.Equal(TargetCapabilities.Supports(TargetKind.Kubernetes, agent, action), TargetCapabilities.Has(target, action)));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task StopAsync_AfterAKill_ReturnsOnceTheReplacementIsReady()
    {
        _cluster.Pods(2, new FakePods { ReadyDelay = TimeSpan.FromMilliseconds(600), ReplacementDelay = TimeSpan.FromMilliseconds(200) });
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;
        await target.KillAsync(victim, CancellationToken.None);
        Assert.Single(target.Replicas(), r => r.Ready);

        await target.StopAsync(CancellationToken.None);

        Assert.Equal(2, target.Replicas().Count(r => r.Ready));
        Assert.DoesNotContain(target.Replicas(), r => r.Name == victim);
    }

    [Fact]
    public async Task StopAsync_ReplacementNeverComes_ThrowsReplicaStopExceptionDescribingThePods()
    {
        _cluster.Pods(2, new FakePods { ReplacementDelay = TimeSpan.FromMinutes(10) });
        var target = await StartedTargetAsync(o => o.ReplacementTimeout = TimeSpan.FromSeconds(1));
        await target.KillAsync(target.Replicas()[0].Name, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ReplicaStopException>(() => target.StopAsync(CancellationToken.None));

        Assert.Contains($"1 of 2 pods of app=reslab-worker in namespace {Ns} were Ready", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PodsConfiguredUnlikeThePlan_RefusesNamingTheSetting()
    {
        _cluster.Pods(2, new FakePods { Env = [.. FakePods.DefaultEnv, new V1EnvVar { Name = "RESLAB_Replica__LockTtl", Value = "00:00:05" }] });
        var target = _cluster.CreateTarget(o => o.Workload = new ReplicaOptions { LockTtl = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.StartAsync(CancellationToken.None));

        Assert.Contains("RESLAB_Replica__LockTtl=00:00:05 but the plan's workload says 00:00:02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WorkerNotNamedAfterItsPod_Refuses()
    {
        _cluster.Pods(1, new FakePods { Env = [new V1EnvVar { Name = KubernetesTargetConstants.HistoryPathVariable, Value = KubernetesTargetConstants.HistoryStdoutPath }] });
        var target = _cluster.CreateTarget();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.StartAsync(CancellationToken.None));

        Assert.Contains("does not set POD_NAME from the downward API", error.Message, StringComparison.Ordinal);
    }

    private async Task<KubernetesTarget> StartedTargetAsync(Action<KubernetesTargetOptions>? configure = null)
    {
        var target = _cluster.CreateTarget(configure);
        await target.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => target.Replicas().Count(r => r.Ready) == 2, TimeSpan.FromSeconds(5), () => "both pods ready");
        return target;
    }
}
