using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using ResilienceLab.Kubernetes.Tests.Infrastructure;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>The emulator speaks the REST contract KubernetesClient expects: these tests drive it with the real client only.</summary>
public sealed class PodApiEmulatorTests : IAsyncLifetime
{
    private const string Ns = "reslab";
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "reslab-worker" };
    private PodApiEmulator _emulator = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await PodApiEmulator.StartAsync();
        _client = Clients.For(_emulator.Url);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task ListNamespacedPod_LabelSelectorAndExtraParameters_ReturnsOnlyMatchingPods()
    {
        await using var workers = new FakeReplicaSet(_emulator, Ns, Labels, 2);
        await using var others = new FakeReplicaSet(_emulator, Ns, new Dictionary<string, string> { ["app"] = "other" }, 1, new FakePods { Prefix = "other" });
        await using var elsewhere = new FakeReplicaSet(_emulator, "elsewhere", Labels, 1);

        var list = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=reslab-worker", limit: 500, timeoutSeconds: 10, resourceVersionMatch: null, pretty: true);

        Assert.Equal(2, list.Items.Count);
        Assert.All(list.Items, p => Assert.Equal("reslab-worker", p.Metadata.Labels["app"]));
        Assert.All(list.Items, p => Assert.Equal(Ns, p.Metadata.NamespaceProperty));
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
        Assert.Contains(_emulator.Requests, r => r.Contains("labelSelector=app%3Dreslab-worker", StringComparison.Ordinal) && r.Contains("limit=500", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("app in (reslab-worker,x)", 2)]
    [InlineData("app!=reslab-worker", 1)]
    [InlineData("app,tier notin (db)", 3)]
    [InlineData("!app", 0)]
    public async Task ListNamespacedPod_SetBasedSelectors_MatchLikeTheApiServer(string selector, int expected)
    {
        await using var workers = new FakeReplicaSet(_emulator, Ns, Labels, 2);
        await using var others = new FakeReplicaSet(_emulator, Ns, new Dictionary<string, string> { ["app"] = "other" }, 1, new FakePods { Prefix = "other" });

        var list = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: selector);

        Assert.Equal(expected, list.Items.Count);
    }

    [Fact]
    public async Task ReadNamespacedPod_UnknownPod_Returns404WithStatusObject()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodAsync("nope", Ns));

        Assert.Equal(404, (int)error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal(("Status", "Failure", "NotFound", 404), (status.Kind, status.Status, status.Reason, status.Code!.Value));
        Assert.Equal("pods \"nope\" not found", status.Message);
    }

    [Fact]
    public async Task DeleteNamespacedPod_GracePeriodZero_PodGoesAtOnceAndReplicaSetRecreatesItUnderANewName()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 2);
        await _emulator.WaitUntilAsync(Ns, pods => pods.All(p => p.Ready), TimeSpan.FromSeconds(5));
        var victim = _emulator.Pods(Ns)[0].Name;

        await _client.CoreV1.DeleteNamespacedPodAsync(victim, Ns, gracePeriodSeconds: 0);

        Assert.DoesNotContain(_emulator.Pods(Ns), p => p.Name == victim);
        Assert.True(set.Processes[victim].Exited);
        await _emulator.WaitUntilAsync(Ns, pods => pods.Count == 2 && pods.All(p => p.Ready), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(_emulator.Pods(Ns), p => p.Name == victim);
        Assert.Contains(_emulator.Requests, r => r.StartsWith($"DELETE /api/v1/namespaces/{Ns}/pods/{victim}?gracePeriodSeconds=0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteNamespacedPod_GracePeriodInBody_PodTerminatesThenLeaves()
    {
        // The pod's shutdown runs on a clock the test moves, so it is still terminating when read however slow the machine.
        var podClock = new FakeTimeProvider();
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1, new FakePods { ShutdownTime = TimeSpan.FromMilliseconds(300) }, podClock);
        var victim = _emulator.Pods(Ns)[0].Name;

        var answer = await _client.CoreV1.DeleteNamespacedPodAsync(victim, Ns, new V1DeleteOptions { GracePeriodSeconds = 5 });

        Assert.NotNull(answer.Metadata.DeletionTimestamp);
        Assert.Equal(5, answer.Metadata.DeletionGracePeriodSeconds);
        var terminating = await _client.CoreV1.ReadNamespacedPodAsync(victim, Ns);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        podClock.Advance(TimeSpan.FromMilliseconds(300));
        await _emulator.WaitUntilAsync(Ns, pods => pods.All(p => p.Name != victim), TimeSpan.FromSeconds(5));
        Assert.Equal(5, Assert.Single(_emulator.Deletes).GracePeriodSeconds);
    }

    [Fact]
    public async Task DeleteNamespacedPod_StaleUidPrecondition_Returns409AndDeletesNothing()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        var pod = _emulator.Pods(Ns)[0];
        var stale = pod.Uid;
        _emulator.Recreate(Ns, pod.Name);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.DeleteNamespacedPodAsync(
            pod.Name, Ns, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = stale } }, gracePeriodSeconds: 0));

        Assert.Equal(409, (int)error.Response.StatusCode);
        Assert.Equal("Conflict", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
        Assert.Single(_emulator.Pods(Ns));
        Assert.Empty(_emulator.Deletes);
    }

    [Fact]
    public async Task DeleteNamespacedPod_ServerDryRun_ChecksButDeletesNothing()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        var pod = _emulator.Pods(Ns)[0];

        await _client.CoreV1.DeleteNamespacedPodAsync(pod.Name, Ns, dryRun: "All", gracePeriodSeconds: 0);

        Assert.Same(pod, Assert.Single(_emulator.Pods(Ns)));
        Assert.False(set.Processes[pod.Name].Exited);
        Assert.True(Assert.Single(_emulator.Deletes).DryRun);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("delete")]
    public async Task Requests_ForbiddenVerb_Return403StatusNamingUserVerbAndNamespace(string verb)
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        _emulator.Forbid(Ns, verb);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => verb == "list"
            ? _client.CoreV1.ListNamespacedPodAsync(Ns)
            : _client.CoreV1.DeleteNamespacedPodAsync(_emulator.Pods(Ns)[0].Name, Ns));

        Assert.True(403 == (int)error.Response.StatusCode, error.Response.Content);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Contains($"cannot {verb} resource \"pods\" in API group \"\" in the namespace \"{Ns}\"", status.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.Pods(Ns));
    }

    [Fact]
    public async Task WatchListNamespacedPod_FromListResourceVersion_StreamsAddedModifiedAndDeleted()
    {
        var list = await _client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "app=reslab-worker");
        using var stop = new CancellationTokenSource();
        var seen = new List<(WatchEventType, string, bool)>();
        var watching = WatchAsync();
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1, new FakePods { ReadyDelay = TimeSpan.FromMilliseconds(200) });
        var name = set.Processes.Keys.Single();
        await _emulator.WaitUntilAsync(Ns, pods => pods.All(p => p.Ready), TimeSpan.FromSeconds(5));
        await _client.CoreV1.DeleteNamespacedPodAsync(name, Ns, gracePeriodSeconds: 0);
        await Eventually.WaitAsync(() => { lock (seen) { return seen.Any(e => e.Item1 == WatchEventType.Deleted); } }, TimeSpan.FromSeconds(5), () => "the DELETED event");
        stop.Cancel();
        await watching;

        lock (seen)
        {
            var mine = seen.Where(e => e.Item2 == name).ToList();
            Assert.Equal((WatchEventType.Added, false), (mine[0].Item1, mine[0].Item3));
            Assert.Contains((WatchEventType.Modified, name, true), mine);
            Assert.Equal(WatchEventType.Deleted, mine[^1].Item1);
        }

        async Task WatchAsync()
        {
            try
            {
                await foreach (var (type, pod) in _client.CoreV1.WatchListNamespacedPodAsync(Ns, labelSelector: "app=reslab-worker", resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: stop.Token))
                {
                    lock (seen)
                    {
                        seen.Add((type, pod.Metadata.Name, pod.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True")));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Fact]
    public async Task ReadNamespacedPodLog_Follow_StreamsLinesUntilTheContainerStops()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1, new FakePods { Banner = name => [$"hello from {name}"] });
        var name = set.Processes.Keys.Single();
        using var response = await _client.CoreV1.ReadNamespacedPodLogWithHttpMessagesAsync(name, Ns, container: EmulatedPod.ContainerName, follow: true);
        using var reader = new StreamReader(response.Body);

        Assert.Equal($"hello from {name}", await reader.ReadLineAsync());
        set.Processes[name].WriteLine("second");
        Assert.Equal("second", await reader.ReadLineAsync());
        await _client.CoreV1.DeleteNamespacedPodAsync(name, Ns, gracePeriodSeconds: 0);
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task ReadNamespacedPodLog_ContainerNotStarted_Returns400()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1, new FakePods { StartDelay = TimeSpan.FromMinutes(5) });

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodLogAsync(set.Processes.Keys.Single(), Ns, follow: true));

        Assert.Equal(400, (int)error.Response.StatusCode);
        Assert.Contains("ContainerCreating", error.Response.Content, StringComparison.Ordinal);
    }
}
