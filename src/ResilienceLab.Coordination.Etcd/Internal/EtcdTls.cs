using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>Applies <see cref="EtcdTlsOptions"/> to a gRPC channel's TLS handshake.</summary>
internal static class EtcdTls
{
    /// <summary>Loads the files once (at client creation) and sets the client certificate and server validation.</summary>
    public static void Apply(SslClientAuthenticationOptions ssl, EtcdTlsOptions tls)
    {
        if (tls.ClientCertificateFile is { } certificateFile)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(certificateFile, tls.ClientKeyFile)];
        }

        X509Certificate2Collection? roots = null;
        if (tls.CaFile is { } caFile)
        {
            roots = [];
            roots.ImportFromPemFile(caFile);
        }

        if (roots is null && tls.ServerName is null)
        {
            return;
        }

        var serverName = tls.ServerName;
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots, serverName);
    }

    /// <summary>
    /// The server certificate chains to <paramref name="roots"/> (or, without them, the system store) and is issued to
    /// <paramref name="serverName"/> (or, without one, to the endpoint's host, as the handshake already checked).
    /// SocketsHttpHandler checks the name against the URL's host whatever TargetHost says, so an override is checked here.
    /// </summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, string? serverName)
    {
        if (certificate is null)
        {
            return false;
        }

        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (roots is null)
        {
            if ((errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) != SslPolicyErrors.None)
            {
                return false;
            }
        }
        else
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!chain.Build(server))
            {
                return false;
            }
        }

        return serverName is null
            ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None
            : server.MatchesHostname(serverName);
    }
}
