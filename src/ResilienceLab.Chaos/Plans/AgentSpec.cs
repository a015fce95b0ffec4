namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// The <c>target.agent</c> section (kubernetes only): the worker pods carry the fault agent sidecar, so pause, partition,
/// latency, heal and store-fault are offered there (docs/kubernetes.md, "The agent sidecar").
/// </summary>
/// <param name="TokenFile">The file holding the agents' bearer token (the Secret mounted into the controller's pod); never the token itself.</param>
public sealed record AgentSpec(string TokenFile);
