namespace ResilienceLab.Worker;

/// <summary>Settings of the worker process itself (section <c>Host</c>).</summary>
public sealed class WorkerHostOptions
{
    /// <summary>How long a graceful stop may take before the host gives up waiting for the workers.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = WorkerHostConstants.DefaultShutdownTimeout;
}
