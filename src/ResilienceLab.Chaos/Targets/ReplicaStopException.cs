namespace ResilienceLab.Chaos.Targets;

/// <summary>Replicas did not stop gracefully within their grace period (they were killed): a graceful-shutdown bug.</summary>
public sealed class ReplicaStopException(string message) : Exception(message);
