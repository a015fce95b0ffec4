using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Coordination.Tests.Etcd;

public sealed class EtcdStoreOptionsTests
{
    [Fact]
    public void Validate_Defaults_WithOneEndpoint_Pass()
    {
        var options = EtcdStoreOptions.FromEndpoints("http://127.0.0.1:2379");

        Assert.Empty(options.GetValidationErrors());
        Assert.Equal(TimeSpan.FromSeconds(5), options.CallTimeout);
    }

    [Fact]
    public void Validate_EverythingWrong_ListsEveryProblemWithWhatToDo()
    {
        var options = new EtcdStoreOptions
        {
            Endpoints = ["http://127.0.0.1:2379", "ftp://x:1", "http://no-port"],
            CallTimeout = TimeSpan.FromMilliseconds(1),
            MaxRetries = -1,
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Endpoints[1] = 'ftp://x:1' is not an etcd client URL: expected http://host:port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints[2] = 'http://no-port'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CallTimeout = 00:00:00.0010000 is out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRetries = -1 is out of range", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Endpoints[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoEndpoints_ThrowsBeforeConnecting()
    {
        var error = Assert.Throws<ArgumentException>(() => new EtcdKeyValueStore(new EtcdStoreOptions()));

        Assert.Contains("Endpoints is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_CommaSeparatedBareEndpoints_NormalisesThemToHttpUrls()
    {
        await using var store = new EtcdKeyValueStore(" 127.0.0.1:2379 , http://localhost:2380/ ");

        Assert.Equal(["http://127.0.0.1:2379", "http://localhost:2380"], store.Endpoints);
    }
}
