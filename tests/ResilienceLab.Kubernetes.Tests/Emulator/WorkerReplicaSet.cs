using System.Globalization;
using k8s.Models;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Kubernetes.Tests.Infrastructure;
using ResilienceLab.Workers;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// The Deployment of the emulated cluster: a <see cref="LocalReplicaSet"/> of real worker processes, each
/// published as a pod of the emulator (pod name = replica name, as POD_NAME gives it in a cluster). A killed
/// or terminated worker is replaced by the set under a new name, which appears as a new pod. Workers print their
/// history to stdout, as k8s/worker.yaml configures them.
/// </summary>
internal sealed class WorkerReplicaSet : IAsyncDisposable
{
    // Like a Deployment's pod-template hash, but one per replica set: the agents find their worker among the machine's
    // processes by pod name, so two sets alive at once (two test classes, or two test runs) must never share a name.
    private static string NewNamePrefix() => $"reslab-worker-{Guid.NewGuid():N}"[..23];

    private WorkerReplicaSet(LocalReplicaSet set, AgentSidecars? agents) => (Set, Agents) = (set, agents);

    public LocalReplicaSet Set { get; }

    /// <summary>The pods' agent sidecars, or null when the pods have none.</summary>
    public AgentSidecars? Agents { get; }

    /// <summary>
    /// Starts the workers as pods; with <paramref name="agentTokenFile"/>, each pod also runs the fault agent sidecar
    /// (lease <paramref name="agentLeaseTtl"/>) and its worker reaches etcd through the agent's proxies.
    /// </summary>
    public static async Task<WorkerReplicaSet> StartAsync(PodApiEmulator emulator, string @namespace, IReadOnlyDictionary<string, string> labels, ReplicaOptions template, string storeEndpoints, int replicas, string runDirectory, string? agentTokenFile = null, TimeSpan? agentLeaseTtl = null)
    {
        var agents = agentTokenFile is null ? null : new AgentSidecars(storeEndpoints, agentTokenFile, Path.Combine(runDirectory, "agents"), agentLeaseTtl ?? TimeSpan.FromSeconds(10));
        var options = new LocalReplicaSetOptions
        {
            // With the agent, both containers of a pod run as the restricted profile would run them.
            Command = agents is null ? ReplicaCommand.ReferenceWorker(WorkerBinary.Path, template) : RestrictedUser.Wrap(ReplicaCommand.ReferenceWorker(WorkerBinary.Path, template)),
            RunDirectory = runDirectory,
            StoreEndpoints = storeEndpoints,
            Replicas = replicas,
            NamePrefix = NewNamePrefix(),
            ReadyTimeout = TimeSpan.FromSeconds(60),
            StopTimeout = TimeSpan.FromSeconds(10),
            EndpointsFor = agents is null ? null : agents.EndpointsFor,
        };
        options.Environment[KubernetesTargetConstants.HistoryPathVariable] = KubernetesTargetConstants.HistoryStdoutPath;
        options.Environment["RESLAB_Store__CallTimeout"] = "00:00:02";
        if (agents is not null)
        {
            RestrictedUser.Open(Path.GetDirectoryName(Path.GetFullPath(runDirectory))!, writable: false);
            RestrictedUser.Open(runDirectory, writable: false);
            RestrictedUser.Open(Path.Combine(runDirectory, "ready"), writable: true); // ready files, and the fault files the agents write
        }

        var set = new LocalReplicaSet(options);
        var env = DeclaredEnv(template, storeEndpoints);
        set.ReplicaStarted += replica =>
        {
            var agent = agents?.Start(replica);
            emulator.AddPod(@namespace, replica.Name, labels, new WorkerPodProcess(set, replica, agent), gracePeriodSeconds: 10, env: env, owner: set, agentPort: agents?.AgentPort(replica.Name));
        };
        var workers = new WorkerReplicaSet(set, agents);
        try
        {
            await set.StartAsync();
        }
        catch
        {
            await set.DisposeAsync();
            agents?.Dispose();
            throw;
        }

        return workers;
    }

    public async ValueTask DisposeAsync()
    {
        // The workers first: stopping the set resumes any worker still paused.
        await Set.DisposeAsync();
        Agents?.Dispose();
    }

    /// <summary>The container env a Deployment would declare for these workers (what the target checks against the plan).</summary>
    public static IReadOnlyList<V1EnvVar> DeclaredEnv(ReplicaOptions o, string storeEndpoints) =>
    [
        new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        new V1EnvVar { Name = KubernetesTargetConstants.HistoryPathVariable, Value = KubernetesTargetConstants.HistoryStdoutPath },
        new V1EnvVar { Name = "RESLAB_Store__Endpoints", Value = storeEndpoints },
        new V1EnvVar { Name = "RESLAB_Replica__LockTtl", Value = o.LockTtl.ToString("c", CultureInfo.InvariantCulture) },
        new V1EnvVar { Name = "RESLAB_Replica__Tasks__Enabled", Value = o.Tasks.Enabled ? "true" : "false" },
        new V1EnvVar { Name = "RESLAB_Replica__Tasks__Count", Value = o.Tasks.Count.ToString(CultureInfo.InvariantCulture) },
        new V1EnvVar { Name = "RESLAB_Replica__Tasks__Steps", Value = o.Tasks.Steps.ToString(CultureInfo.InvariantCulture) },
        new V1EnvVar { Name = "RESLAB_Replica__Election__Enabled", Value = o.Election.Enabled ? "true" : "false" },
        new V1EnvVar { Name = "RESLAB_Replica__Counter__Enabled", Value = o.Counter.Enabled ? "true" : "false" },
    ];
}
