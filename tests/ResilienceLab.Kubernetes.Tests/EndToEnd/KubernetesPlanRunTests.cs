using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.History;
using ResilienceLab.Kubernetes.Running;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Tests.Infrastructure;
using Xunit.Abstractions;

using ResilienceLab.Hosting;

namespace ResilienceLab.Kubernetes.Tests.EndToEnd;

/// <summary>
/// Whole chaos plans through KubernetesClient against the emulated pod API, whose pods are real worker processes
/// coordinating through a real etcd started by the test: the same path `reslab run` takes on a cluster.
/// </summary>
public sealed class KubernetesPlanRunTests(ITestOutputHelper output)
{
    private const string Ns = "reslab-e2e";
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "reslab-worker" };

    [Fact]
    public async Task RunAsync_StoreEndpointNobodyListensOn_FailsBeforeAnyChaosNamingTheEndpoint()
    {
        await using var emulator = await PodApiEmulator.StartAsync();
        await using var pods = new FakeReplicaSet(emulator, Ns, EmulatedWorld.Labels, 2);
        var endpoint = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}";
        var plan = ChaosPlanLoader.LoadText(
            $$"""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: dead-store}
            target:
              kind: kubernetes
              replicas: 2
              namespace: {{Ns}}
              selector: {app: reslab-worker}
            store: {kind: etcd, endpoints: [{{endpoint}}]}
            workload:
              duration: 5s
              counter: {increments: 1}
            schedule:
              - name: kill-one
                action: kill
                at: 1s
                selector: {mode: one}
            """,
            "dead-store.yaml").Plan!;

        var error = await Assert.ThrowsAsync<KubernetesRunException>(() => KubernetesPlanRun.RunAsync(plan, 1, new ChaosRunOptions(), TextWriter.Null, new KubernetesRunSettings { Host = emulator.Url }));

        Assert.Contains("store.endpoints: no etcd endpoint answered", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Deletes);
    }

    [Fact]
    public async Task ExecuteAsync_KillLockHolderThenLeader_TaskIsTakenOverANewLeaderIsElectedAndTheVerdictPasses()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world.Etcd.ClientEndpoints, """
              - name: kill-holder-of-task-0
                action: kill
                at: 3s
                selector: {role: lock-holder, task: 0}
              - name: kill-leader
                action: kill
                at: 9s
                selector: {role: leader}
            """);
        await using var workers = await world.DeployAsync(plan);
        var writer = new StringWriter();

        var outcome = await KubernetesPlanRun.ExecuteAsync(plan, plan.Target.Seed, new ChaosRunOptions { DrainTimeout = TimeSpan.FromSeconds(30) }, writer, world.Settings());

        output.WriteLine(writer.ToString());
        output.WriteLine(string.Join("\n", outcome.Verdict.Results.Select(r => $"{r.Name}: {r.Status} {r.Summary}")));
        Assert.True(outcome.Verdict.Passed, "verdict: " + string.Join("; ", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}")));
        Assert.Equal(["kill-holder-of-task-0", "kill-leader"], outcome.Run.Steps.Select(s => s.Step));
        Assert.All(outcome.Run.Steps, s => Assert.True(s.RoleVerified, $"{s.Step} hit {s.Target}, which did not hold {s.Role}"));
        Assert.Contains(outcome.Verdict.Results, r => r.Name == "task-resumption" && r.Passed);
        Assert.Contains(outcome.Verdict.Results, r => r.Name == "leader-safety" && r.Passed);

        // Each hit pod was deleted through the API with grace period 0 and replaced under a new name ...
        var killed = outcome.Run.Steps.Select(s => s.Target!).ToList();
        Assert.Equal(killed, world.Emulator.Deletes.Select(d => d.Name));
        Assert.All(world.Emulator.Deletes, d => Assert.Equal(0, d.GracePeriodSeconds));
        Assert.Equal(3, world.Emulator.Pods(Ns).Count);
        Assert.All(killed, k => Assert.DoesNotContain(world.Emulator.Pods(Ns), p => p.Name == k));

        // ... and its history outlived it: what it did before the kill came back through its log.
        var history = outcome.Run.Entries;
        Assert.All(killed, k => Assert.Contains(history, e => e.Process == k && e.Op == HistoryOps.ProcessReady));
        Assert.Contains(history, e => e.Process == killed[0] && e.Op == HistoryOps.TaskCommit && e.Key == "/tasks/0" && e.Type == HistoryEntryType.Ok);
        var newHolder = history.Last(e => e.Op == HistoryOps.TaskComplete && e.Key == "/tasks/0").Process;
        Assert.NotEqual(killed[0], newHolder);
        Assert.Contains(history, e => e.Op == HistoryOps.LeaderCampaign && e.Type == HistoryEntryType.Ok && e.Process != killed[1] && e.Time > history.First(c => c.Op == "chaos.kill" && c.Key == killed[1]).Time);
    }

    [Fact]
    public async Task ExecuteAsync_DryRun_RunsThePlanButDeletesNothing()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world.Etcd.ClientEndpoints, """
              - name: kill-leader
                action: kill
                at: 2s
                selector: {role: leader}
            """, duration: "5s", tasks: false);
        await using var workers = await world.DeployAsync(plan);
        var before = world.Emulator.Pods(Ns).Select(p => p.Name).ToList();
        var writer = new StringWriter();

        var outcome = await KubernetesPlanRun.ExecuteAsync(plan, 1, new ChaosRunOptions(), writer, world.Settings(dryRun: true));

        output.WriteLine(writer.ToString());
        Assert.Equal(before, world.Emulator.Pods(Ns).Select(p => p.Name));
        var delete = Assert.Single(world.Emulator.Deletes);
        Assert.True(delete.DryRun);
        Assert.Contains($"DRY RUN: would delete pod {Ns}/{delete.Name} with grace period 0s", writer.ToString(), StringComparison.Ordinal);
        Assert.Equal("true", outcome.Verdict.Metadata.Properties["dryRun"]);
        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}")));
    }

    [Fact]
    public async Task RunAsync_PlanAimedAtKubeSystem_IsRefusedBeforeAnyRequest()
    {
        await using var emulator = await PodApiEmulator.StartAsync();
        var plan = Plan(["http://127.0.0.1:1"], "  []");
        plan = plan with { Target = plan.Target with { Namespace = "kube-system" } };

        var error = await Assert.ThrowsAsync<KubernetesRunException>(() => KubernetesPlanRun.RunAsync(plan, 1, new ChaosRunOptions(), TextWriter.Null, new KubernetesRunSettings { Host = emulator.Url }));

        Assert.Contains("'kube-system' is a Kubernetes system namespace", error.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    [Fact]
    public async Task RunAsync_DeleteForbidden_StepFailsWithTheRbacMessageAndTheVerdictFails()
    {
        await using var emulator = await PodApiEmulator.StartAsync();
        await using var pods = new FakeReplicaSet(emulator, Ns, Labels, 3);
        emulator.Forbid(Ns, "delete");
        await using var etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1 });
        var plan = Plan(etcd.ClientEndpoints, """
              - name: kill-any
                action: kill
                at: 1s
                selector: {mode: one, role: any}
            """, duration: "2s", tasks: false, election: false, counter: true);

        var verdict = await KubernetesPlanRun.RunAsync(plan, 1, new ChaosRunOptions { DrainTimeout = TimeSpan.Zero }, TextWriter.Null, new KubernetesRunSettings { Host = emulator.Url, LogFlushDelay = TimeSpan.Zero });

        var targeting = Assert.Single(verdict.Results, r => r.Name == RunVerification.ChaosTargeting);
        Assert.False(targeting.Passed);
        Assert.Contains("verbs: [\"delete\"]", Assert.Single(targeting.Violations).Message, StringComparison.Ordinal);
        Assert.Equal(3, emulator.Pods(Ns).Count);
    }

    private static ChaosPlan Plan(IEnumerable<string> endpoints, string schedule, string duration = "18s", bool tasks = true, bool election = true, bool counter = false)
    {
        var text = $"""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: emulated-kubernetes
            target:
              kind: kubernetes
              replicas: 3
              namespace: {Ns}
              selector: {"{app: reslab-worker}"}
            store:
              kind: etcd
              endpoints: [{string.Join(", ", endpoints)}]
              callTimeout: 2s
            workload:
              duration: {duration}
            {(tasks ? "  tasks: {count: 2, steps: 30, stepDuration: 200ms, lockTtl: 2s}" : "")}
            {(election ? "  election: {ttl: 2s, heartbeatInterval: 500ms}" : "")}
            {(counter ? "  counter: {increments: 5}" : "")}
            schedule:
            {schedule}
            probes:
              - {"{name: ready-before-chaos, kind: all-replicas-ready, mode: start, timeout: 30s}"}
            checks:
            {(tasks ? "  - mutual-exclusion\n  - {name: task-resumption, resumeWithin: 10s}" : "")}
            {(election ? "  - {name: leader-safety, newLeaderWithin: 10s}" : "")}
            {(counter ? "  - lost-updates" : "")}
            """;
        var result = ChaosPlanLoader.LoadText(text, "emulated-kubernetes.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics) + "\n" + text);
        return result.Plan!;
    }
}
