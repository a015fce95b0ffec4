namespace ResilienceLab.Coordination;

/// <summary>Defaults of the coordination hosting conventions.</summary>
public static class CoordinationHostingConstants
{
    /// <summary>First back-off when a session cannot be opened (the store is unreachable).</summary>
    public static readonly TimeSpan SessionRetryBaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest back-off between attempts to open a session.</summary>
    public static readonly TimeSpan SessionRetryMaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>The configuration section of the session's options under a backend's section (<c>Session:Ttl</c>).</summary>
    public const string SessionSection = "Session";

    /// <summary>The name of the health check <c>AddCoordinationHealthCheck</c> registers.</summary>
    public const string HealthCheckName = "coordination-session";
}
