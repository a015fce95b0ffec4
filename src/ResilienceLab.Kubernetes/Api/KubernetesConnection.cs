using k8s;
using k8s.Exceptions;

namespace ResilienceLab.Kubernetes.Api;

/// <summary>Builds the client configuration: an explicit host, else a kubeconfig (and context), else in-cluster, else the default kubeconfig.</summary>
internal static class KubernetesConnection
{
    /// <summary>The configuration and a description of where it came from, for messages.</summary>
    /// <exception cref="InvalidOperationException">The kubeconfig could not be loaded.</exception>
    public static (KubernetesClientConfiguration Configuration, string Description) Configure(KubernetesTargetOptions options)
    {
        KubernetesClientConfiguration configuration;
        string description;
        try
        {
            if (options.Host is { } host)
            {
                configuration = new KubernetesClientConfiguration { Host = host };
                description = $"API server {host}";
            }
            else if (options.Kubeconfig is not null || options.Context is not null)
            {
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
                description = $"kubeconfig {options.Kubeconfig ?? "(default)"}, context {configuration.CurrentContext ?? options.Context}, API server {configuration.Host}";
            }
            else if (KubernetesClientConfiguration.IsInCluster())
            {
                configuration = KubernetesClientConfiguration.InClusterConfig();
                description = $"in-cluster service account, API server {configuration.Host}";
            }
            else
            {
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile();
                description = $"default kubeconfig, context {configuration.CurrentContext}, API server {configuration.Host}";
            }
        }
        catch (Exception e) when (e is KubeConfigException or FileNotFoundException or IOException)
        {
            throw new InvalidOperationException($"cannot load the Kubernetes configuration (kubeconfig {options.Kubeconfig ?? "default"}, context {options.Context ?? "current"}): {e.Message}. Set target.kubeconfig / target.context, or run inside the cluster with a service account.", e);
        }

        // Log streams and watches last the whole run; every other call gets its own deadline instead.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        return (configuration, description);
    }
}
