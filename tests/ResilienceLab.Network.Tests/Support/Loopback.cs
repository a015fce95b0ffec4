using System.Net;

namespace ResilienceLab.Network.Tests.Support;

/// <summary>Client-side socket helpers for the proxy tests; every wait is bounded.</summary>
internal static class Loopback
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    public static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Generous, TimeProvider.System);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        return socket;
    }

    public static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data)
    {
        using var timeout = new CancellationTokenSource(Generous, TimeProvider.System);
        var sent = 0;
        while (sent < data.Length)
        {
            sent += await socket.SendAsync(data[sent..], SocketFlags.None, timeout.Token);
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, or throws <see cref="TimeoutException"/> saying how many arrived.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, TimeSpan? timeout = null)
    {
        var buffer = new byte[count];
        var read = 0;
        using var cts = new CancellationTokenSource(timeout ?? Generous, TimeProvider.System);
        try
        {
            while (read < count)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    throw new EndOfStreamException($"The connection closed after {read} of {count} bytes.");
                }

                read += n;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Only {read} of {count} bytes arrived within {timeout ?? Generous}.");
        }

        return buffer;
    }

    /// <summary>Reads until the peer's FIN; throws <see cref="TimeoutException"/> if it does not come in time.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var stream = new MemoryStream();
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(timeout ?? Generous, TimeProvider.System);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return stream.ToArray();
                }

                stream.Write(buffer, 0, n);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No FIN within {timeout ?? Generous}; {stream.Length} bytes arrived.");
        }
    }

    /// <summary>Sends a message and reads the echo back.</summary>
    public static async Task<byte[]> RoundTripAsync(Socket socket, byte[] message, TimeSpan? timeout = null)
    {
        await SendAllAsync(socket, message);
        return await ReadExactlyAsync(socket, message.Length, timeout);
    }

    /// <summary>
    /// Starts a read and checks that nothing arrives within <paramref name="window"/>. Returns the still-pending
    /// read (no cancellation, so the socket stays usable) to await after the fault is healed.
    /// </summary>
    public static async Task<Task<int>> AssertNothingArrivesAsync(Socket socket, byte[] buffer, TimeSpan window)
    {
        var read = socket.ReceiveAsync(buffer, SocketFlags.None);
        var first = await Task.WhenAny(read, Task.Delay(window, TimeProvider.System));
        Assert.False(ReferenceEquals(first, read), $"A read completed within {window} although traffic should be stalled (got {(read.IsCompletedSuccessfully ? read.Result : -1)} bytes).");
        return read;
    }

    /// <summary>The socket error a failed read reports (e.g. <see cref="SocketError.ConnectionReset"/>), or null if it read data or EOF.</summary>
    public static async Task<SocketError?> ReadErrorAsync(Socket socket)
    {
        var buffer = new byte[1024];
        using var cts = new CancellationTokenSource(Generous, TimeProvider.System);
        try
        {
            // Bounded: at most a few leftover chunks before the reset surfaces.
            for (var i = 0; i < 1000; i++)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return null;
                }
            }

            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
