using k8s.Models;
using ResilienceLab.Chaos.Actions.Latency;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;
using ResilienceLab.Kubernetes.Pods;

namespace ResilienceLab.Kubernetes.Agent;

/// <summary>
/// The process and network faults a Kubernetes target has only with the agent sidecar in every worker pod
/// (<c>target.agent</c>): the agents pause and resume the worker and fault its store traffic inside the pod.
/// </summary>
internal sealed class AgentFaults(PodAgents agents, Func<string, V1Pod?> find, long seed) : IReplicaPause, IReplicaFaults
{
    public Task PauseAsync(string replica, CancellationToken cancellationToken) => agents.PauseAsync(replica, cancellationToken);

    // The pod may have been deleted while paused or faulted; its agent and worker went with it, nothing is left to undo.
    public Task ResumeAsync(string replica, CancellationToken cancellationToken) =>
        Alive(replica) ? agents.ResumeAsync(replica, cancellationToken) : Task.CompletedTask;

    public Task PartitionAsync(string replica, CancellationToken cancellationToken) => agents.PartitionAsync(replica, cancellationToken);

    public Task SetLatencyAsync(string replica, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken)
    {
        // The agent's proxy delays each direction, as the local target's does: half the round trip each way.
        var (each, eachJitter) = new LatencyFault(latency, jitter).PerDirection;
        return agents.SetLatencyAsync(replica, each, eachJitter, cancellationToken);
    }

    public Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken) =>
        agents.SetStoreFaultAsync(replica, fault == StoreFaultKind.Unavailable, probability, InjectedStoreFaults.SeedFor(seed, replica), cancellationToken);

    public Task HealAsync(string replica, CancellationToken cancellationToken) =>
        Alive(replica) ? agents.HealAsync(replica, cancellationToken) : Task.CompletedTask;

    private bool Alive(string replica) => find(replica) is { } pod && !pod.IsDeleting();
}
