using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ResilienceLab.Network.Internal;

/// <summary>
/// One direction of one proxied connection: a reader that queues what it reads, stamped with the time it may be
/// delivered, and a writer that delivers it in order once due and not blackholed. The bounded queue is the
/// back-pressure: when it is full the reader stops reading and the sender's socket buffer fills, as it would
/// behind a slow or dead link.
/// </summary>
internal sealed class ProxyPump
{
    private readonly Socket _source;
    private readonly Socket _destination;
    private readonly ProxyDirection _direction;
    private readonly FaultSwitch _faults;
    private readonly ProxyCounters _counters;
    private readonly TimeProvider _time;
    private readonly int _bufferSize;
    private readonly Channel<ProxyChunk> _queue;
    private TimeSpan _lastDue;

    public ProxyPump(Socket source, Socket destination, ProxyDirection direction, FaultSwitch faults, ProxyCounters counters, TimeProvider time, FaultProxyOptions options)
    {
        _source = source;
        _destination = destination;
        _direction = direction;
        _faults = faults;
        _counters = counters;
        _time = time;
        _bufferSize = options.BufferSize;
        _queue = Channel.CreateBounded<ProxyChunk>(new BoundedChannelOptions(options.MaxQueuedChunks)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// Pumps until the source's FIN has been forwarded (true) or the direction failed (false; the caller resets
    /// the connection, which also ends the other direction).
    /// </summary>
    public async Task<bool> RunAsync(Action abortConnection, CancellationToken cancellationToken)
    {
        var reading = ReadAsync(cancellationToken);
        var clean = await WriteAsync(cancellationToken);
        if (!clean)
        {
            abortConnection();
        }

        await reading;
        while (_queue.Reader.TryRead(out var left))
        {
            Return(left);
        }

        return clean;
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var writer = _queue.Writer;
        try
        {
            // Bounded by the connection: it ends at the source's FIN, a socket error, or cancellation.
            while (true)
            {
                // A partitioned sender's bytes stay in its socket buffer, as unacknowledged data would.
                await _faults.WaitWhileBlackholedAsync(cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                int count;
                try
                {
                    count = await _source.ReceiveAsync(buffer.AsMemory(0, _bufferSize), SocketFlags.None, cancellationToken);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    await writer.WriteAsync(new ProxyChunk(null, 0, NextDue(), ProxyChunkKind.Abort), cancellationToken);
                    return;
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                if (count == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    await writer.WriteAsync(new ProxyChunk(null, 0, NextDue(), ProxyChunkKind.End), cancellationToken);
                    return;
                }

                await writer.WriteAsync(new ProxyChunk(buffer, count, NextDue(), ProxyChunkKind.Data), cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // The connection is being torn down.
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var chunk))
                {
                    await WaitUntilDueAsync(chunk.Due, cancellationToken);
                    await _faults.WaitWhileBlackholedAsync(cancellationToken);
                    switch (chunk.Kind)
                    {
                        case ProxyChunkKind.Data:
                            await SendAsync(chunk, cancellationToken);
                            break;
                        case ProxyChunkKind.End:
                            SocketTeardown.ShutdownSend(_destination);
                            return true;
                        default:
                            return false;
                    }
                }
            }

            // The reader stopped without a FIN or an error: the connection is being torn down.
            return false;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until <paramref name="due"/>. Timers may fire a millisecond early (they count whole milliseconds), so
    /// this re-checks the clock: a chunk is never delivered before its delay has fully passed.
    /// </summary>
    private async Task WaitUntilDueAsync(TimeSpan due, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var wait = due - _faults.Elapsed;
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _time, cancellationToken);
        }
    }

    private async Task SendAsync(ProxyChunk chunk, CancellationToken cancellationToken)
    {
        // Counted before the send, so that a peer that has received the bytes always sees them counted.
        _counters.BytesDelivered(_direction, chunk.Count);
        var sent = 0;
        try
        {
            // Bounded: every pass sends at least one byte or throws.
            while (sent < chunk.Count)
            {
                var n = await _destination.SendAsync(chunk.Buffer.AsMemory(sent, chunk.Count - sent), SocketFlags.None, cancellationToken);
                if (n <= 0)
                {
                    throw new SocketException((int)SocketError.ConnectionReset);
                }

                sent += n;
            }
        }
        catch
        {
            _counters.BytesDelivered(_direction, sent - chunk.Count);
            throw;
        }
        finally
        {
            Return(chunk);
        }
    }

    /// <summary>Now plus this direction's (jittered) latency, but never before the previous chunk: no reordering.</summary>
    private TimeSpan NextDue()
    {
        var due = _faults.Elapsed + _faults.NextDelay(_direction);
        if (due < _lastDue)
        {
            due = _lastDue;
        }

        _lastDue = due;
        return due;
    }

    private static void Return(ProxyChunk chunk)
    {
        if (chunk.Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(chunk.Buffer);
        }
    }
}
