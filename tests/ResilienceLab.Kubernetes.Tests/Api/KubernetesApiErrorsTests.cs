using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using ResilienceLab.Kubernetes.Api;
using ResilienceLab.Kubernetes.Tests.Emulator;
using ResilienceLab.Kubernetes.Tests.Infrastructure;

namespace ResilienceLab.Kubernetes.Tests.Api;

/// <summary>The messages for the API's refusals, from real responses of the emulator through KubernetesClient.</summary>
public sealed class KubernetesApiErrorsTests : IAsyncLifetime
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
    public async Task Translate_403OnDelete_NamesVerbPodNamespaceAndTheRbacRuleToGrant()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        var pod = _emulator.Pods(Ns)[0].Name;
        _emulator.Forbid(Ns, "delete");
        var raw = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.DeleteNamespacedPodAsync(pod, Ns, gracePeriodSeconds: 0));

        var error = KubernetesApiErrors.Translate(raw, "delete", "pods", Ns, pod);

        Assert.Equal((403, "Forbidden"), (error.StatusCode, error.Reason));
        Assert.StartsWith($"forbidden: the API server refused to delete pod \"{pod}\" in namespace \"{Ns}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains($"User \"{ApiStatus.User}\" cannot delete resource \"pods\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"delete\"]}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_403OnPodLog_NamesThePodsLogResource()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        var pod = _emulator.Pods(Ns)[0].Name;
        _emulator.Forbid(Ns, "get", "pods/log");
        var raw = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodLogAsync(pod, Ns, follow: true));

        var error = KubernetesApiErrors.Translate(raw, "get", "pods/log", Ns, pod);

        Assert.Contains($"refused to get the log of pod \"{pod}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("resources: [\"pods/log\"], verbs: [\"get\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_404OnDelete_SaysThePodWentAfterItWasSelected()
    {
        var raw = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.DeleteNamespacedPodAsync("reslab-worker-gone", Ns, gracePeriodSeconds: 0));

        var error = KubernetesApiErrors.Translate(raw, "delete", "pods", Ns, "reslab-worker-gone");

        Assert.Equal(404, error.StatusCode);
        Assert.StartsWith($"not found: could not delete pod \"reslab-worker-gone\" in namespace \"{Ns}\": it no longer exists", error.Message, StringComparison.Ordinal);
        Assert.Contains("deleted or replaced after it was selected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_409OnDeleteWithStaleUid_SaysNothingWasDeleted()
    {
        await using var set = new FakeReplicaSet(_emulator, Ns, Labels, 1);
        var pod = _emulator.Pods(Ns)[0];
        var selectedUid = pod.Uid;
        _emulator.Recreate(Ns, pod.Name);
        var raw = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.DeleteNamespacedPodAsync(
            pod.Name, Ns, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = selectedUid } }));

        var error = KubernetesApiErrors.Translate(raw, "delete", "pods", Ns, pod.Name);

        Assert.Equal((409, "Conflict"), (error.StatusCode, error.Reason));
        Assert.Contains($"UID in precondition: {selectedUid}", error.Message, StringComparison.Ordinal);
        Assert.Contains("replaced by a new one with the same name", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was deleted", error.Message, StringComparison.Ordinal);
        Assert.Single(_emulator.Pods(Ns));
    }

    [Fact]
    public void Translate_404OnList_AsksWhetherTheNamespaceExists()
    {
        var raw = new HttpOperationException("Operation returned an invalid status code 'NotFound'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.NotFound), ApiStatus.NotFound("namespaces", "nowhere").Json),
        };

        var error = KubernetesApiErrors.Translate(raw, "list", "pods", "nowhere");

        Assert.Contains("Does namespace \"nowhere\" exist?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_ServerUnreachable_NamesTheApiServer()
    {
        using var client = Clients.For("http://127.0.0.1:1");
        var raw = await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespacedPodAsync(Ns));

        var error = KubernetesApiErrors.Translate(raw, "list", "pods", Ns, apiServer: "API server http://127.0.0.1:1");

        Assert.Equal(0, error.StatusCode);
        Assert.StartsWith($"could not list pods in namespace \"{Ns}\": the Kubernetes API server (API server http://127.0.0.1:1) could not be reached", error.Message, StringComparison.Ordinal);
    }
}
