using System.Net;
using ResilienceLab.Hosting;

namespace ResilienceLab.Network.Tests;

/// <summary>Ports for the servers a run starts: free, distinct, and out of the kernel's range for outgoing connections.</summary>
public sealed class FreePortsTests
{
    [Fact]
    public void Allocate_SeveralPorts_DistinctBindableAndBelowTheEphemeralRange()
    {
        var ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);

        var ports = FreePorts.Allocate(5);

        Assert.Equal(5, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1024, ephemeralLow - 1));
        var listeners = ports.Select(port => new TcpListener(IPAddress.Loopback, port)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    [Fact]
    public void Allocate_TwiceInARow_DoesNotOfferAPortJustHandedOut()
    {
        var first = FreePorts.Allocate(3);

        var second = FreePorts.Allocate(3);

        Assert.Empty(first.Intersect(second));
    }
}
