namespace ResilienceLab.Hosting;

/// <summary>What an agent reports on <see cref="AgentProtocol.StatusPath"/>: its worker and the faults in force.</summary>
/// <param name="Pod">The pod (replica) name the agent serves.</param>
/// <param name="WorkerPid">The worker's process id as the agent sees it (its PID namespace), or null when it cannot find it.</param>
/// <param name="WorkerProblem">Why the worker cannot be found (e.g. no shared process namespace), or null.</param>
/// <param name="Paused">The agent has SIGSTOPped the worker and not resumed it.</param>
/// <param name="Network">The fault on the worker's store connections (none, blackhole, reset, latency …).</param>
/// <param name="StoreFault">The store-fault line in the worker's fault file, empty when none.</param>
/// <param name="LeaseTtl">How long the agent keeps faults in force without hearing from the controller.</param>
/// <param name="Heals">How many times the lease ran out with faults in force and the agent healed and resumed by itself.</param>
public sealed record AgentStatus(string Pod, int? WorkerPid, string? WorkerProblem, bool Paused, string Network, string StoreFault, TimeSpan LeaseTtl, int Heals);
