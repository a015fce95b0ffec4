namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// etcd refused the configured credentials (wrong user or password), or requires credentials none were given for.
/// Retrying will not help: fix <see cref="EtcdStoreOptions.Username"/> and the password. The message names the
/// endpoint and the user, never the password.
/// </summary>
public sealed class EtcdAuthenticationException : StoreAccessDeniedException
{
    /// <summary>Creates the exception for <paramref name="username"/> at <paramref name="endpoint"/>.</summary>
    public EtcdAuthenticationException(string endpoint, string? username, string message, Exception? inner = null)
        : base(message, inner)
    {
        Endpoint = endpoint;
        Username = username;
    }

    /// <summary>The member that refused.</summary>
    public string Endpoint { get; }

    /// <summary>The user it refused, or null when no credentials were configured.</summary>
    public string? Username { get; }
}
