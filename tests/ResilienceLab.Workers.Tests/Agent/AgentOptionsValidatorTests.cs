using ResilienceLab.Worker;

namespace ResilienceLab.Workers.Tests.Agent;

public sealed class AgentOptionsValidatorTests : IDisposable
{
    private readonly string _token = Path.GetTempFileName();

    public AgentOptionsValidatorTests() => File.WriteAllText(_token, "secret\n");

    public void Dispose() => File.Delete(_token);

    [Fact]
    public void Errors_ACompleteSidecarConfiguration_None()
    {
        Assert.Empty(AgentOptionsValidator.Errors(Valid()));
    }

    [Fact]
    public void Errors_NothingConfigured_NamesEveryRequiredSetting()
    {
        var errors = AgentOptionsValidator.Errors(new AgentOptions());

        Assert.Contains(errors, e => e.StartsWith("Agent:TokenFile is required: the file holding the controller's bearer token", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:PodName is required (or POD_NAME", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Upstreams is required", StringComparison.Ordinal));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Errors_PortsDoNotMatchTheUpstreams_SaysOnePortPerUpstream()
    {
        var options = Valid();
        options.ProxyPorts = "23790,23791";

        var error = Assert.Single(AgentOptionsValidator.Errors(options));

        Assert.Equal("Agent:ProxyPorts: 2 port(s) for 3 upstream(s); give one localhost port per upstream, in the same order, e.g. 23790,23791,23792.", error);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(70000)]
    public void Errors_PrivilegedOrImpossibleAgentPort_NamesTheRange(int port)
    {
        var options = Valid();
        options.Port = port;

        Assert.StartsWith($"Agent:Port: {port} is out of range; use 1025-65535", Assert.Single(AgentOptionsValidator.Errors(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_LeaseLongerThanFiveMinutes_IsRefused()
    {
        var options = Valid();
        options.LeaseTtl = TimeSpan.FromHours(1);

        Assert.StartsWith("Agent:LeaseTtl: 01:00:00 must be positive and at most 00:05:00", Assert.Single(AgentOptionsValidator.Errors(options)), StringComparison.Ordinal);
    }

    private AgentOptions Valid() => new()
    {
        TokenFile = _token,
        PodName = "reslab-worker-abc",
        Upstreams = "http://etcd-0.etcd:2379,http://etcd-1.etcd:2379,http://etcd-2.etcd:2379",
        ProxyPorts = "23790,23791,23792",
    };
}
