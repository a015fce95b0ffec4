using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Hosting;

/// <summary>
/// A throw-away CA with a server and a client certificate, written as PEM files, for running etcd with TLS in tests
/// and local runs without openssl. The server certificate is issued to 127.0.0.1 and <see cref="ServerName"/>.
/// </summary>
public sealed class EtcdTestCertificates
{
    private EtcdTestCertificates(string directory, string serverName)
    {
        Directory = directory;
        ServerName = serverName;
    }

    /// <summary>Where the files are.</summary>
    public string Directory { get; }

    /// <summary>The DNS name in the server certificate besides 127.0.0.1.</summary>
    public string ServerName { get; }

    /// <summary>The CA certificate (trusted by etcd for client certificates and by clients for the server's).</summary>
    public string CaFile => Path.Combine(Directory, "ca.pem");

    /// <summary>etcd's certificate.</summary>
    public string ServerCertificateFile => Path.Combine(Directory, "server.pem");

    /// <summary>etcd's key.</summary>
    public string ServerKeyFile => Path.Combine(Directory, "server-key.pem");

    /// <summary>The client certificate.</summary>
    public string ClientCertificateFile => Path.Combine(Directory, "client.pem");

    /// <summary>The client key.</summary>
    public string ClientKeyFile => Path.Combine(Directory, "client-key.pem");

    /// <summary>Generates the CA, the server certificate (127.0.0.1 unless <paramref name="serverIp"/> is false, and <paramref name="serverName"/>) and a client certificate for <paramref name="clientName"/>.</summary>
    public static EtcdTestCertificates Generate(string directory, string serverName = "etcd.reslab.test", string clientName = "reslab-client", bool serverIp = true, TimeProvider? timeProvider = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var files = new EtcdTestCertificates(directory, serverName);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=reslab test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(serverName);
        if (serverIp)
        {
            san.AddIpAddress(IPAddress.Loopback);
        }

        Issue(ca, "CN=" + serverName, san.Build(), new OidCollection { new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2") }, files.ServerCertificateFile, files.ServerKeyFile, now);
        Issue(ca, "CN=" + clientName, null, new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, files.ClientCertificateFile, files.ClientKeyFile, now);
        File.WriteAllText(files.CaFile, ca.ExportCertificatePem() + "\n");
        return files;
    }

    /// <summary>The options of etcd serving with these certificates (clients must present theirs when <paramref name="clientCertificateAuth"/>).</summary>
    public EtcdServerTls ServerTls(bool clientCertificateAuth = true) => new()
    {
        CertificateFile = ServerCertificateFile,
        KeyFile = ServerKeyFile,
        TrustedCaFile = CaFile,
        ClientCertificateAuth = clientCertificateAuth,
        Client = ClientTls(),
    };

    /// <summary>A client's TLS options with these certificates.</summary>
    public EtcdTlsOptions ClientTls(string? serverName = null) => new()
    {
        CaFile = CaFile,
        ClientCertificateFile = ClientCertificateFile,
        ClientKeyFile = ClientKeyFile,
        ServerName = serverName,
    };

    private static void Issue(X509Certificate2 ca, string subject, X509Extension? san, OidCollection usages, string certificateFile, string keyFile, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
