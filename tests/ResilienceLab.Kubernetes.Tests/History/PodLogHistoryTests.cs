using ResilienceLab.History;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Tests.Infrastructure;

namespace ResilienceLab.Kubernetes.Tests.History;

/// <summary>Histories travel through the pods' logs and outlive the pods.</summary>
public sealed class PodLogHistoryTests : IAsyncLifetime
{
    private EmulatedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EmulatedCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CollectHistoryAsync_PodKilledMidRun_KeepsEverythingItPrintedBeforeItWasDeleted()
    {
        var set = _cluster.Pods(2, new FakePods { Banner = HistoryLines.Startup });
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;
        set.Processes[victim].WriteLine(HistoryLines.Invoke(victim, 1, HistoryOps.LockAcquire, "/locks/tasks/0", 2));
        set.Processes[victim].WriteLine(HistoryLines.Log("Acquiring /locks/tasks/0"));
        await Eventually.WaitAsync(() => target.Replicas().Count(r => r.Ready) == 2, TimeSpan.FromSeconds(5), () => "pods ready");

        await target.KillAsync(victim, CancellationToken.None);
        await target.StopAsync(CancellationToken.None);
        var entries = await target.CollectHistoryAsync(CancellationToken.None);

        Assert.DoesNotContain(_cluster.Emulator.Pods(EmulatedCluster.Ns), p => p.Name == victim);
        var victims = entries.Where(e => e.Process == victim).Select(e => e.Op).ToList();
        Assert.Equal([HistoryOps.ProcessStart, HistoryOps.ProcessReady, HistoryOps.LockAcquire], victims);
        Assert.Equal(3, entries.Select(e => e.Process).Distinct().Count()); // the survivor and the replacement too
    }

    [Fact]
    public async Task CollectHistoryAsync_LogLinesBetweenHistoryLines_AreLeftOut()
    {
        _cluster.Pods(2, new FakePods { Banner = HistoryLines.Startup });
        var target = await StartedTargetAsync();

        var entries = await target.CollectHistoryAsync(CancellationToken.None);

        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Contains(e.Op, new[] { HistoryOps.ProcessStart, HistoryOps.ProcessReady }));
    }

    [Fact]
    public async Task CollectHistoryAsync_TornLastLineOfAKilledPod_IsAWarningNotAnError()
    {
        var set = _cluster.Pods(2, new FakePods { Banner = HistoryLines.Startup });
        var target = await StartedTargetAsync();
        var victim = target.Replicas()[0].Name;
        set.Processes[victim].WriteLine(HistoryLines.Invoke(victim, 1, HistoryOps.LockAcquire, "/locks/tasks/0", 2)[..25]);
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        await target.KillAsync(victim, CancellationToken.None);

        var entries = await target.CollectHistoryAsync(CancellationToken.None);

        Assert.Equal(2, entries.Count(e => e.Process == victim));
        Assert.Contains("torn last line", _cluster.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectHistoryAsync_LogStreamCutWhileThePodRuns_ReattachesWithoutLosingOrRepeatingALine()
    {
        var set = _cluster.Pods(2, new FakePods { Banner = HistoryLines.Startup });
        var target = await StartedTargetAsync();
        var pod = target.Replicas()[0].Name;
        set.Processes[pod].WriteLine(HistoryLines.Invoke(pod, 1, HistoryOps.LockAcquire, "/locks/tasks/0", 2));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);

        _cluster.Emulator.CutLogStreams();
        set.Processes[pod].WriteLine(HistoryLines.Invoke(pod, 2, HistoryOps.LockAcquire, "/locks/tasks/1", 3));
        await Eventually.WaitAsync(() => LogRequests(pod) >= 2, TimeSpan.FromSeconds(5), () => "the log stream reopened");
        var entries = await target.CollectHistoryAsync(CancellationToken.None);

        Assert.Equal([0L, 0L, 1L, 2L], entries.Where(e => e.Process == pod).Select(e => e.Id));
    }

    [Fact]
    public async Task CollectHistoryAsync_PodPrintedNoHistory_ThrowsNamingThePodAndTheSetting()
    {
        _cluster.Pods(2, new FakePods { Banner = _ => [HistoryLines.Log("READY")] });
        var target = await StartedTargetAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.CollectHistoryAsync(CancellationToken.None));

        Assert.Contains("printed 1 log line(s) but no history: set RESLAB_Replica__HistoryPath=/dev/stdout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectHistoryAsync_HistoryUnderAnotherNameThanThePod_Throws()
    {
        _cluster.Pods(2, new FakePods { Banner = _ => [HistoryLines.Event("replica-0", HistoryOps.ProcessStart)] });
        var target = await StartedTargetAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.CollectHistoryAsync(CancellationToken.None));

        Assert.Contains("recorded history as replica-0, which are not pod names", error.Message, StringComparison.Ordinal);
    }

    private int LogRequests(string pod) =>
        _cluster.Emulator.Requests.Count(r => r.StartsWith($"GET /api/v1/namespaces/{EmulatedCluster.Ns}/pods/{pod}/log", StringComparison.Ordinal));

    private async Task<KubernetesTarget> StartedTargetAsync()
    {
        var target = _cluster.CreateTarget();
        await target.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => target.Replicas().Count(r => r.Ready) == 2, TimeSpan.FromSeconds(5), () => "both pods ready");
        return target;
    }
}
