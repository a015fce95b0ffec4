namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// Client TLS of an <see cref="EtcdStoreOptions"/> (used with <c>https://</c> endpoints): the CA that signed etcd's
/// server certificate, the client certificate etcd asks for under <c>--client-cert-auth</c>, and the name to check
/// the server certificate against. Files are PEM, as etcdctl's <c>--cacert</c>, <c>--cert</c> and <c>--key</c> take them.
/// </summary>
public sealed class EtcdTlsOptions
{
    /// <summary>PEM file of the CA(s) to trust for etcd's server certificate; null trusts the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of the client certificate (etcd's <c>--client-cert-auth</c>); needs <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key (PKCS#8, PKCS#1 or SEC1).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>
    /// The host name the server certificate must be issued to, when it differs from the endpoints' host
    /// (e.g. a certificate for <c>etcd.example</c> reached through a port-forward or a proxy on 127.0.0.1).
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>True when any TLS setting is given.</summary>
    public bool IsConfigured =>
        CaFile is not null || ClientCertificateFile is not null || ClientKeyFile is not null || ServerName is not null;

    /// <summary>The files and names, never key material.</summary>
    public override string ToString() =>
        $"ca={CaFile ?? "(system)"}, cert={ClientCertificateFile ?? "(none)"}, key={ClientKeyFile ?? "(none)"}, serverName={ServerName ?? "(endpoint host)"}";

    internal IEnumerable<string> GetValidationErrors()
    {
        if ((ClientCertificateFile is null) != (ClientKeyFile is null))
        {
            yield return "EtcdStoreOptions.Tls: ClientCertificateFile and ClientKeyFile go together: give both (a client certificate and its private key) or neither.";
        }

        foreach (var (name, path) in new[] { ("CaFile", CaFile), ("ClientCertificateFile", ClientCertificateFile), ("ClientKeyFile", ClientKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return $"EtcdStoreOptions.Tls.{name} = '{path}': no such file (a PEM file, e.g. a mounted Secret's ca.crt).";
            }
        }

        if (ServerName is not null && Uri.CheckHostName(ServerName) == UriHostNameType.Unknown)
        {
            yield return $"EtcdStoreOptions.Tls.ServerName = '{ServerName}' is not a host name.";
        }
    }
}
