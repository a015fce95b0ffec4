using System.Net.Sockets;

namespace ResilienceLab.Network.Internal;

/// <summary>Closing sockets the two ways the proxy needs.</summary>
internal static class SocketTeardown
{
    /// <summary>Closes with an RST (SO_LINGER on, timeout 0): the peer sees "connection reset", not an orderly FIN.</summary>
    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Already closed or broken: nothing left to reset.
        }

        socket.Dispose();
    }

    /// <summary>Half-closes the sending side (FIN), tolerating a socket the peer already reset.</summary>
    public static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // The connection is already gone; the other direction's pump reports that.
        }
    }
}
