using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Hosting;

/// <summary>
/// TLS on the client URLs of an <see cref="EtcdCluster"/>: etcd's <c>--cert-file</c>, <c>--key-file</c>,
/// <c>--trusted-ca-file</c> and <c>--client-cert-auth</c>. The cluster's own probes and stores connect with
/// <see cref="Client"/>. Peer traffic stays plain (loopback).
/// </summary>
public sealed class EtcdServerTls
{
    /// <summary>The server certificate (PEM), issued to 127.0.0.1 (an IP SAN) or to the name clients check.</summary>
    public required string CertificateFile { get; init; }

    /// <summary>The server certificate's private key (PEM).</summary>
    public required string KeyFile { get; init; }

    /// <summary>The CA that signs client certificates (<c>--trusted-ca-file</c>).</summary>
    public required string TrustedCaFile { get; init; }

    /// <summary>Adds <c>--client-cert-auth</c>: a client without a certificate signed by <see cref="TrustedCaFile"/> is refused.</summary>
    public bool ClientCertificateAuth { get; init; }

    /// <summary>How the cluster's own clients (health probes, <see cref="EtcdCluster.CreateStore"/>) connect.</summary>
    public required EtcdTlsOptions Client { get; init; }

    internal IEnumerable<string> Arguments()
    {
        yield return $"--cert-file={CertificateFile}";
        yield return $"--key-file={KeyFile}";
        yield return $"--trusted-ca-file={TrustedCaFile}";
        if (ClientCertificateAuth)
        {
            yield return "--client-cert-auth";
        }
    }
}
