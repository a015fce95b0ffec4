namespace Billing.Service;

/// <summary>Where the service publishes its readiness for an exec probe (bound from the <c>Health</c> section).</summary>
public sealed class ReadyFileOptions
{
    /// <summary>The file that exists exactly while every health check tagged <c>ready</c> is healthy; null: not published.</summary>
    public string? Path { get; set; }

    /// <summary>How often the health checks run and the file is updated (default 1 s).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);
}
