using System.Net;
using System.Net.Sockets;

namespace ResilienceLab.Hosting;

/// <summary>Free loopback TCP ports for servers a run or a test starts (etcd, NATS, proxies, agents).</summary>
public static class FreePorts
{
    /// <summary>The lowest port handed out.</summary>
    private const int Lowest = 10000;

    /// <summary>Where the next search starts; spread by process, so that test processes running side by side search apart.</summary>
    private static int _cursor = Environment.ProcessId * 7919;

    /// <summary>The first port of the kernel's ephemeral range, read once; null where it cannot be read (not Linux).</summary>
    private static readonly Lazy<int?> EphemeralLow = new(ReadEphemeralLow);

    /// <summary>
    /// <paramref name="count"/> distinct ports that were free a moment ago: each is checked by binding it, and all are
    /// held open together so that none is handed out twice. They come from below the kernel's ephemeral range
    /// (<c>/proc/sys/net/ipv4/ip_local_port_range</c>): a port the kernel picked there could become the local port of some
    /// outgoing connection before the server binds it (a test machine makes thousands), which left a proxy unable to
    /// listen. Successive calls move on through the range, so a port just handed out is not offered again before its
    /// server has had time to bind it. Where the range cannot be read, the kernel picks them.
    /// </summary>
    public static int[] Allocate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var listeners = new List<TcpListener>(count);
        try
        {
            if (EphemeralLow.Value is { } ephemeral && ephemeral - Lowest > 1000)
            {
                var span = ephemeral - Lowest;
                var start = (int)((uint)Interlocked.Add(ref _cursor, count) % (uint)span);
                for (var i = 0; i < span && listeners.Count < count; i++)
                {
                    TryListen(listeners, Lowest + ((start + i) % span));
                }
            }

            while (listeners.Count < count)
            {
                TryListen(listeners, 0);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static void TryListen(List<TcpListener> listeners, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            listeners.Add(listener);
        }
        catch (SocketException) when (port != 0)
        {
            // In use: the next one.
        }
    }

    private static int? ReadEphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return range.Length > 0 && int.TryParse(range[0], out var low) ? low : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
