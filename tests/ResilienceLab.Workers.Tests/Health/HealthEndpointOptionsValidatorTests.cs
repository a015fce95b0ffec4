using ResilienceLab.Worker;

namespace ResilienceLab.Workers.Tests.Health;

public sealed class HealthEndpointOptionsValidatorTests
{
    [Theory]
    [InlineData(null, "*")]
    [InlineData(1025, "*")]
    [InlineData(8080, "127.0.0.1")]
    [InlineData(65535, "::")]
    public void Errors_UnsetOrUnprivilegedPortAndIpAddress_None(int? port, string address)
    {
        Assert.Empty(HealthEndpointOptionsValidator.Errors(new HealthEndpointOptions { Port = port, Address = address }));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(1024)]
    [InlineData(0)]
    [InlineData(65536)]
    public void Errors_PrivilegedOrImpossiblePort_NamesTheSettingAndTheRange(int port)
    {
        var error = Assert.Single(HealthEndpointOptionsValidator.Errors(new HealthEndpointOptions { Port = port }));

        Assert.StartsWith($"Health:Port: {port} is out of range; use 1025-65535", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_HostNameAsAddress_AsksForAnIpLiteral()
    {
        var error = Assert.Single(HealthEndpointOptionsValidator.Errors(new HealthEndpointOptions { Port = 8080, Address = "localhost" }));

        Assert.Equal("Health:Address: 'localhost' is not an IP address; use '*' (every interface) or a literal such as 127.0.0.1.", error);
    }
}
