namespace ResilienceLab.Chaos.Running;

/// <summary>The run could not be carried out (etcd did not start, the worker is missing, histories unreadable): exit code 2, not a verdict.</summary>
public sealed class PlanRunException(string message, Exception? inner = null) : Exception(message, inner);
