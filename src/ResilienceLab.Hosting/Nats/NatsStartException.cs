namespace ResilienceLab.Hosting;

/// <summary>nats-server could not be started or did not become ready; the message carries the tail of its output.</summary>
public sealed class NatsStartException(string message, string outputTail, Exception? inner = null)
    : Exception(string.IsNullOrWhiteSpace(outputTail) ? message : $"{message}\n--- nats-server output ---\n{outputTail}", inner);
