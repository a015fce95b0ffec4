using System.Net.Http.Headers;
using System.Text.Json;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Hosting;
using ResilienceLab.Kubernetes.Running;
using ResilienceLab.Kubernetes.Tests.Emulator;
using Xunit.Abstractions;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>
/// etcd, the emulated API server, the agents' token (the Secret both sides mount), and — once deployed — worker pods,
/// with or without the agent sidecar: what the end-to-end tests run plans against.
/// </summary>
internal sealed class EmulatedWorld : IAsyncDisposable
{
    private EmulatedWorld(string ns, string directory, EtcdCluster etcd, PodApiEmulator emulator)
    {
        Namespace = ns;
        Directory = directory;
        Etcd = etcd;
        Emulator = emulator;
        TokenFile = Path.Combine(directory, "agent-token");
        File.WriteAllText(TokenFile, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + "\n");
    }

    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { ["app"] = "reslab-worker" };

    public string Namespace { get; }

    public string Directory { get; }

    public EtcdCluster Etcd { get; }

    public PodApiEmulator Emulator { get; }

    /// <summary>The agents' bearer token, as the Secret would mount it.</summary>
    public string TokenFile { get; }

    public static async Task<EmulatedWorld> StartAsync(string ns, ITestOutputHelper output)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reslab-k8s-e2e-").FullName;
        output.WriteLine($"run directory {directory}");
        var etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true, BaseDirectory = directory });
        return new EmulatedWorld(ns, directory, etcd, await PodApiEmulator.StartAsync());
    }

    /// <summary>The "Deployment": worker pods configured from the plan's workload, as k8s/30-worker.yaml does from its env; with agents as k8s/agent/30-worker-agent.yaml adds them.</summary>
    public Task<WorkerReplicaSet> DeployAsync(ChaosPlan plan, bool agents = false, TimeSpan? leaseTtl = null) =>
        WorkerReplicaSet.StartAsync(Emulator, Namespace, Labels, PlanWorkload.ToReplicaOptions(plan), Etcd.ConnectionString, plan.Target.Replicas, Path.Combine(Directory, "pods"), agents ? TokenFile : null, leaseTtl);

    public KubernetesRunSettings Settings(bool dryRun = false) => new()
    {
        Host = Emulator.Url,
        DryRun = dryRun,
        ReplacementTimeout = TimeSpan.FromSeconds(60),
        LogFlushDelay = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>An agent's own account, asked with the token (a GET: it does not renew the lease).</summary>
    public async Task<AgentStatus> StatusAsync(WorkerReplicaSet workers, string pod)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(TokenFile)).Trim());
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{workers.Agents!.AgentPort(pod)}{AgentProtocol.StatusPath}"));
        return JsonSerializer.Deserialize<AgentStatus>(body, JsonSerializerOptions.Web)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await Etcd.DisposeAsync();
        if (Environment.GetEnvironmentVariable("RESLAB_KEEP_RUNS") is null)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
