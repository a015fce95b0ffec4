namespace ResilienceLab.Hosting;

/// <summary>nats-server could not be started or did not become ready; the message carries the tail of its output.</summary>
public sealed class NatsStartException(string message, string outputTail, Exception? inner = null)
    : Exception(string.IsNullOrWhiteSpace(outputTail) ? message : $"{message}\n--- nats-server output ---\n{outputTail}", inner)
{
    /// <summary>The last lines the server printed (empty when it never ran).</summary>
    public string OutputTail { get; } = outputTail;

    /// <summary>Whether another process had taken its port (worth a retry on a fresh port).</summary>
    public bool IsPortConflict => PortConflict.IsReportedIn(OutputTail);
}
