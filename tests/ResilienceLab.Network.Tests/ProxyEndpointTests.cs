namespace ResilienceLab.Network.Tests;

public sealed class ProxyEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:2379", null, "127.0.0.1", 2379)]
    [InlineData("http://127.0.0.1:2379", "http", "127.0.0.1", 2379)]
    [InlineData("http://localhost:32001/", "http", "localhost", 32001)]
    [InlineData("[::1]:2380", null, "::1", 2380)]
    public void Parse_ValidEndpoint_KeepsSchemeHostAndPort(string text, string? scheme, string host, int port)
    {
        var endpoint = ProxyEndpoint.Parse(text);

        Assert.Equal(new ProxyEndpoint(scheme, host, port), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:2379/v3/kv")]
    public void Parse_InvalidEndpoint_ThrowsWithAnExample(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ProxyEndpoint.Parse(text));

        Assert.Contains("e.g. 127.0.0.1:2379", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAddress_Url_KeepsTheScheme()
    {
        var proxied = ProxyEndpoint.Parse("http://10.0.0.5:2379").WithAddress("127.0.0.1", 40001);

        Assert.Equal("http://127.0.0.1:40001", proxied.ToString());
    }
}
