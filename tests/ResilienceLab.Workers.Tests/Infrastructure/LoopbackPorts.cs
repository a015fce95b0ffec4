using System.Net;
using System.Net.Sockets;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>Loopback TCP ports for the tests.</summary>
internal static class LoopbackPorts
{
    /// <summary>A loopback port nobody listens on now (bound by the kernel's choice, then released; in the ephemeral range, so above 1024).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
