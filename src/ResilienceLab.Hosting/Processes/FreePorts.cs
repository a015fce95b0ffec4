using System.Net;
using System.Net.Sockets;

namespace ResilienceLab.Hosting;

/// <summary>Free loopback TCP ports, found by letting the kernel pick them.</summary>
public static class FreePorts
{
    /// <summary>
    /// <paramref name="count"/> distinct ports that were free a moment ago (all listeners are held open together,
    /// so the kernel cannot hand out the same one twice). Another process may still take one before etcd binds it.
    /// </summary>
    public static int[] Allocate(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
