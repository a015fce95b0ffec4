namespace ResilienceLab.Worker;

/// <summary>The agent cannot do what it was asked (no worker to signal, no fault file): answered with 409 and the message.</summary>
internal sealed class AgentRefusedException(string message) : Exception(message);
