using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;
using ResilienceLab.History;
using ResilienceLab.Kubernetes.Running;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Kubernetes.Tests.EndToEnd;

/// <summary>
/// Faults on Kubernetes through the agent sidecar: every pod of the emulated API server is a real worker process plus a
/// real <c>reslab-worker agent</c> process (k8s/agent/30-worker-agent.yaml), the worker reaching a real etcd only through its
/// agent's localhost proxies. The controller is <see cref="KubernetesPlanRun"/>, as in a cluster.
/// </summary>
public sealed class AgentFaultTests(ITestOutputHelper output)
{
    private const string Ns = "reslab-agent";

    [Fact]
    public async Task ExecuteAsync_PauseHolderPastItsTtlPartitionLatencyAndStoreFault_AllThroughTheAgentsAndTheVerdictPasses()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world, """
              - name: pause-holder-of-task-0
                action: pause
                at: 3s
                duration: 6s
                selector: {role: lock-holder, task: 0}
              - name: partition-leader
                action: partition
                at: 11s
                duration: 4s
                selector: {role: leader}
              - name: slow-one
                action: latency
                at: 16s
                duration: 2s
                latency: 100ms
                selector: {mode: one, role: any}
              - name: store-faults-on-one
                action: store-fault
                at: 18s
                duration: 2s
                probability: 0.5
                selector: {mode: one, role: any}
            """);
        await using var workers = await world.DeployAsync(plan, agents: true);
        var writer = new StringWriter();

        var outcome = await KubernetesPlanRun.ExecuteAsync(plan, plan.Target.Seed, new ChaosRunOptions { DrainTimeout = TimeSpan.FromSeconds(30) }, writer, world.Settings());

        output.WriteLine(writer.ToString());
        output.WriteLine(string.Join("\n", outcome.Verdict.Results.Select(r => $"{r.Name}: {r.Status} {r.Summary}")));
        output.WriteLine(string.Join("\n", outcome.Verdict.Results.SelectMany(r => r.Violations).Select(v => "violation: " + v.Message)));
        output.WriteLine(string.Join("\n", outcome.Run.Steps.Select(s => $"step {s.Step}: {s.Target} role {s.Role} verified {s.RoleVerified} ({s.Evidence})")));
        Assert.All(outcome.Run.Steps, s => Assert.Null(s.Error));
        Assert.Equal(["pause-holder-of-task-0", "partition-leader", "slow-one", "store-faults-on-one"], outcome.Run.Steps.Select(s => s.Step));
        Assert.All(outcome.Run.Steps.Take(2), s => Assert.True(s.RoleVerified, $"{s.Step} hit {s.Target}, which did not hold {s.Role}"));
        Assert.True(outcome.Verdict.Passed, "verdict: " + string.Join("; ", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}")));
        Assert.Empty(world.Emulator.Deletes);

        // Each fault was carried out by the agent inside the victim's pod, and undone.
        var paused = outcome.Run.Steps[0].Target!;
        var pausedLog = File.ReadAllText(workers.Agents!.LogOf(paused));
        Assert.Contains($"Paused worker {paused}", pausedLog, StringComparison.Ordinal);
        Assert.Contains($"Resumed worker {paused}", pausedLog, StringComparison.Ordinal);
        Assert.Contains("partitioned (blackhole)", File.ReadAllText(workers.Agents.LogOf(outcome.Run.Steps[1].Target!)), StringComparison.Ordinal);
        Assert.Contains("latency 00:00:00.0500000 ± 00:00:00 each way", File.ReadAllText(workers.Agents.LogOf(outcome.Run.Steps[2].Target!)), StringComparison.Ordinal);
        Assert.Contains("Store faults for worker", File.ReadAllText(workers.Agents.LogOf(outcome.Run.Steps[3].Target!)), StringComparison.Ordinal);

        // The pause outlived the holder's 2 s lease: another pod took task 0 over while the holder was frozen.
        var history = outcome.Run.Entries;
        var pausedAt = history.First(e => e.Op == HistoryOps.ChaosPrefix + "pause" && e.Key == paused).Time;
        var resumedAt = history.First(e => e.Op == HistoryOps.ChaosPrefix + "resume" && e.Key == paused).Time;
        var takeover = history.First(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok && e.Key?.Contains("/tasks/0", StringComparison.Ordinal) == true && e.Process != paused && e.Time > pausedAt);
        Assert.True(takeover.Time < resumedAt, $"task 0 was taken over at {takeover.Time:O}, after the holder resumed at {resumedAt:O}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TAKEOVER after pause past TTL (lock TTL 2 s, pause 6 s): {(takeover.Time - pausedAt).TotalMilliseconds:0} ms from pause to {takeover.Process}'s acquire of task 0"));
    }

    [Fact]
    public async Task Agent_ControllerFallsSilentWhileTheWorkerIsPausedAndPartitioned_HealsAndResumesByItself()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world, "  []", duration: "10s");
        await using var workers = await world.DeployAsync(plan, agents: true, leaseTtl: TimeSpan.FromSeconds(2));
        var target = new KubernetesTarget(new KubernetesTargetOptions
        {
            Namespace = Ns,
            Selector = new Dictionary<string, string>(EmulatedWorld.Labels),
            Replicas = 3,
            Host = world.Emulator.Url,
            StoreEndpoints = [.. world.Etcd.ClientEndpoints],
            AgentTokenFile = world.TokenFile,
            Output = new StringWriter(),
        });
        await target.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => target.Replicas().Count(r => r.Ready) == 3, TimeSpan.FromSeconds(60), () => "three Ready pods");
        var victim = workers.Set.Live[0];
        var other = workers.Set.Live[1];

        // Both containers of the pod as the restricted profile runs them: non-root, no capability, no privilege escalation.
        // (A runner that is not root runs them as itself, unprivileged already.)
        Assert.All(new[] { victim.Pid, workers.Agents!.Agent(victim.Name).Id }, pid =>
        {
            var (uid, capabilities, noNewPrivs) = RestrictedUser.Of(pid);
            Assert.NotEqual(0, uid);
            Assert.Equal(0UL, capabilities);
            Assert.True(noNewPrivs || !RestrictedUser.Applies);
        });

        await target.Require<IReplicaPause>(ChaosActionKind.Pause).PauseAsync(victim.Name, CancellationToken.None);
        await target.Require<IReplicaFaults>(ChaosActionKind.Partition).PartitionAsync(other.Name, CancellationToken.None);
        Assert.Equal('T', Signals.State(victim.Pid));
        Assert.True(target.Replicas().Single(r => r.Name == victim.Name).Paused);

        // The controller dies: nothing resumes or heals, and nobody renews the lease.
        await target.DisposeAsync();

        await Eventually.WaitAsync(() => Signals.State(victim.Pid) is not 'T', TimeSpan.FromSeconds(30), () => $"the agent resuming {victim.Name}");
        Assert.Equal(1, (await world.StatusAsync(workers, victim.Name)).Heals);
        Assert.False((await world.StatusAsync(workers, victim.Name)).Paused);
        AgentStatus? healed = null;
        await Eventually.WaitAsync(() => (healed = world.StatusAsync(workers, other.Name).GetAwaiter().GetResult()).Heals == 1, TimeSpan.FromSeconds(30), () => $"the agent healing {other.Name}");
        Assert.Equal("healthy", healed!.Network);
        Assert.Contains("No word from the chaos controller", File.ReadAllText(workers.Agents!.LogOf(victim.Name)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_RequestsWithoutTheToken_AreRefusedWith401AndLoggedAndTheWorkerRuns()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world, "  []", duration: "10s");
        await using var workers = await world.DeployAsync(plan, agents: true);
        var victim = workers.Set.Live[0];
        var url = $"http://127.0.0.1:{workers.Agents!.AgentPort(victim.Name)}{AgentProtocol.PausePath}";
        using var http = new HttpClient();

        using var anonymous = await http.PostAsync(url, null);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };
        using var wrongAnswer = await http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.NotEqual('T', Signals.State(victim.Pid));
        await Eventually.WaitAsync(() => File.ReadAllText(workers.Agents.LogOf(victim.Name)).Contains("wrong bearer token", StringComparison.Ordinal), TimeSpan.FromSeconds(10), () => "the refusal in the agent's log");
        var log = File.ReadAllText(workers.Agents.LogOf(victim.Name));
        Assert.Contains($"Refused POST {AgentProtocol.PausePath} from 127.0.0.1: no Authorization header", log, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ControllerTokenDiffersFromTheAgents_RefusedBeforeAnyChaosNamingEveryPod()
    {
        await using var world = await EmulatedWorld.StartAsync(Ns, output);
        var plan = Plan(world, "  []", duration: "10s");
        await using var workers = await world.DeployAsync(plan, agents: true);
        var otherToken = Path.Combine(world.Directory, "other-token");
        await File.WriteAllTextAsync(otherToken, "a-different-secret");
        plan = plan with { Target = plan.Target with { Agent = new AgentSpec(otherToken) } };

        var error = await Assert.ThrowsAsync<KubernetesRunException>(() => KubernetesPlanRun.RunAsync(plan, 1, new ChaosRunOptions(), TextWriter.Null, world.Settings()));

        Assert.Contains("not every pod can take agent faults", error.Message, StringComparison.Ordinal);
        Assert.All(workers.Set.Live, w => Assert.Contains($"the agent of pod {w.Name} refused the controller's token (401)", error.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("a-different-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PlanDeclaresTheAgentButThePodsHaveNone_RefusedBeforeAnyChaosNamingThePods()
    {
        await using var emulator = await PodApiEmulator.StartAsync();
        await using var pods = new FakeReplicaSet(emulator, Ns, EmulatedWorld.Labels, 2);
        var token = Path.GetTempFileName();
        await File.WriteAllTextAsync(token, "secret");
        var plan = ChaosPlanLoader.LoadText(
            $$"""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: no-agent}
            target:
              kind: kubernetes
              replicas: 2
              namespace: {{Ns}}
              selector: {app: reslab-worker}
              agent:
                tokenFile: {{token}}
            store: {kind: etcd, endpoints: [http://127.0.0.1:1]}
            workload:
              duration: 5s
              counter: {increments: 1}
            schedule:
              - name: pause-one
                action: pause
                at: 1s
                duration: 1s
                selector: {mode: one, role: any}
            """,
            "no-agent.yaml").Plan!;

        var error = await Assert.ThrowsAsync<KubernetesRunException>(() => KubernetesPlanRun.RunAsync(plan, 1, new ChaosRunOptions(), TextWriter.Null, new KubernetesRunSettings { Host = emulator.Url }));

        File.Delete(token);
        Assert.All(emulator.Pods(Ns), p => Assert.Contains($"pod {p.Name} has no agent sidecar (no container port named 'agent')", error.Message, StringComparison.Ordinal));
        Assert.Empty(emulator.Deletes);
    }

    private static ChaosPlan Plan(EmulatedWorld world, string schedule, string duration = "24s")
    {
        var agent = "{tokenFile: " + world.TokenFile + "}";
        var text = $"""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: emulated-kubernetes-agent
            target:
              kind: kubernetes
              replicas: 3
              namespace: {Ns}
              selector: {"{app: reslab-worker}"}
              agent: {agent}
            store:
              kind: etcd
              endpoints: [{string.Join(", ", world.Etcd.ClientEndpoints)}]
              callTimeout: 2s
            workload:
              duration: {duration}
              tasks: {"{count: 2, steps: 40, stepDuration: 200ms, lockTtl: 2s}"}
              election: {"{ttl: 2s, heartbeatInterval: 500ms}"}
            schedule:
            {schedule}
            probes:
              - {"{name: ready-before-chaos, kind: all-replicas-ready, mode: start, timeout: 60s}"}
            checks:
              - mutual-exclusion
              - {"{name: task-resumption, resumeWithin: 12s}"}
              - {"{name: leader-safety, newLeaderWithin: 10s}"}
            """;
        var result = ChaosPlanLoader.LoadText(text, "emulated-kubernetes-agent.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics) + "\n" + text);
        return result.Plan!;
    }
}
