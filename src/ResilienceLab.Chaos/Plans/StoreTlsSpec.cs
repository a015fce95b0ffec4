namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// The <c>store.tls</c> section: PEM files for an etcd on <c>https://</c> endpoints (relative paths resolved against
/// the plan's directory) and the name its certificate is issued to.
/// </summary>
/// <param name="Ca">The CA of etcd's server certificate.</param>
/// <param name="Cert">The client certificate (etcd's --client-cert-auth).</param>
/// <param name="Key">The client certificate's key.</param>
/// <param name="ServerName">The name to check the server certificate against, when not the endpoints' host.</param>
public sealed record StoreTlsSpec(string? Ca, string? Cert, string? Key, string? ServerName);
