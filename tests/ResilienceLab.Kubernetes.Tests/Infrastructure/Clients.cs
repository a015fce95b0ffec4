using k8s;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>KubernetesClient pointed at the emulator, as the target builds it for an explicit host.</summary>
internal static class Clients
{
    public static IKubernetes For(string url) => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = url, HttpClientTimeout = Timeout.InfiniteTimeSpan });
}
