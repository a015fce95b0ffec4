using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd.Security;

/// <summary>
/// A real etcd serving https with <c>--client-cert-auth</c> on certificates generated here (no openssl), and auth
/// enabled on top: TLS and credentials together, as a team's etcd often runs.
/// </summary>
public sealed class EtcdTlsTests : IAsyncLifetime
{
    private const string Password = "tls-worker-Pa55";
    private string _directory = null!;
    private EtcdTestCertificates _certificates = null!;
    private EtcdCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("reslab-tls-").FullName;

        // Issued to the DNS name only (no 127.0.0.1 SAN): reaching it on 127.0.0.1 needs the server-name override.
        _certificates = EtcdTestCertificates.Generate(_directory, "etcd.reslab.test", serverIp: false);
        var server = _certificates.ServerTls(clientCertificateAuth: true);
        var tls = new EtcdServerTls
        {
            CertificateFile = server.CertificateFile,
            KeyFile = server.KeyFile,
            TrustedCaFile = server.TrustedCaFile,
            ClientCertificateAuth = true,
            Client = _certificates.ClientTls(serverName: _certificates.ServerName),
        };
        _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, Tls = tls });
        await _cluster.EnableAuthAsync("root-tls-Pa55", [new EtcdAuthUser("worker", Password, ["/app/"])]);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PutAsync_CaClientCertificateAndServerName_Succeeds()
    {
        await using var store = CreateStore(_certificates.ClientTls(serverName: _certificates.ServerName));

        await store.PutAsync("/app/tls", "v");

        Assert.StartsWith("https://127.0.0.1:", store.CurrentEndpoint);
        Assert.Equal("v", Assert.Single((await store.GetAsync("/app/tls")).Kvs).Value);
    }

    [Fact]
    public async Task PutAsync_WithoutServerNameOverride_RejectsTheCertificateIssuedToAnotherName()
    {
        await using var store = CreateStore(_certificates.ClientTls(serverName: null));

        await Assert.ThrowsAnyAsync<StoreException>(() => store.PutAsync("/app/tls", "v"));
    }

    [Fact]
    public async Task PutAsync_WithoutClientCertificate_IsRefusedByClientCertAuth()
    {
        var noCertificate = new EtcdTlsOptions { CaFile = _certificates.CaFile, ServerName = _certificates.ServerName };
        await using var store = CreateStore(noCertificate);

        await Assert.ThrowsAnyAsync<StoreException>(() => store.PutAsync("/app/tls", "v"));
    }

    [Fact]
    public async Task PutAsync_UntrustedCa_RejectsTheServer()
    {
        var other = EtcdTestCertificates.Generate(Path.Combine(_directory, "other"), "etcd.reslab.test", serverIp: false);
        var wrongCa = new EtcdTlsOptions
        {
            CaFile = other.CaFile,
            ClientCertificateFile = _certificates.ClientCertificateFile,
            ClientKeyFile = _certificates.ClientKeyFile,
            ServerName = _certificates.ServerName,
        };
        await using var store = CreateStore(wrongCa);

        await Assert.ThrowsAnyAsync<StoreException>(() => store.PutAsync("/app/tls", "v"));
    }

    [Fact]
    public void GetValidationErrors_TlsWithHttpEndpointOrHalfAClientCertificate_ExplainsEach()
    {
        var http = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Tls = new EtcdTlsOptions { CaFile = _certificates.CaFile } };
        var half = new EtcdStoreOptions { Endpoints = ["https://127.0.0.1:2379"], Tls = new EtcdTlsOptions { ClientCertificateFile = _certificates.ClientCertificateFile } };

        Assert.Contains(http.GetValidationErrors(), e => e.Contains("https://", StringComparison.Ordinal));
        Assert.Contains(half.GetValidationErrors(), e => e.Contains("go together", StringComparison.Ordinal));
    }

    private EtcdKeyValueStore CreateStore(EtcdTlsOptions tls) =>
        _cluster.CreateStore(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(3);
            o.MaxRetries = 1;
            o.Username = "worker";
            o.Password = Password;
            o.Tls = tls;
        });
}
