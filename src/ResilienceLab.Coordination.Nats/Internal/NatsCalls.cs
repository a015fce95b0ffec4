using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using NATS.Net;

namespace ResilienceLab.Coordination.Nats.Internal;

/// <summary>
/// Runs each NATS call with a deadline and turns its failures into the store's errors, as the etcd adapter does:
/// <see cref="StoreUnavailableException"/> when the request certainly did not apply (not connected, an error reply,
/// a read that timed out), <see cref="IndeterminateOutcomeException"/> when a write was sent and no reply came.
/// The key-value outcomes callers act on (<see cref="NatsKVCreateException"/>, <see cref="NatsKVWrongLastRevisionException"/>,
/// <see cref="NatsKVKeyNotFoundException"/>, <see cref="NatsKVKeyDeletedException"/>) pass through.
/// </summary>
internal sealed class NatsCalls(NatsClient client, NatsBackendOptions options)
{
    public TimeProvider Time => options.TimeProvider;

    public string Url => options.Url;

    /// <summary>A call that changes nothing: any failure means it did not happen.</summary>
    public Task<T> ReadAsync<T>(string operation, string key, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        RunAsync(operation, key, mutating: false, call, cancellationToken);

    /// <summary>A call that may change the store: a lost reply leaves its outcome unknown.</summary>
    public Task<T> WriteAsync<T>(string operation, string key, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        RunAsync(operation, key, mutating: true, call, cancellationToken);

    private async Task<T> RunAsync<T>(string operation, string key, bool mutating, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeout = new CancellationTokenSource(options.CallTimeout, options.TimeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await EnsureConnectedAsync(operation, key, deadline.Token, cancellationToken);
        try
        {
            return await call(deadline.Token);
        }
        catch (NatsKVException e) when (e is NatsKVCreateException or NatsKVWrongLastRevisionException or NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
        {
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Lost(operation, key, mutating, $"no reply within {options.CallTimeout}", e);
        }
        catch (NatsJSApiException e)
        {
            // The server answered with an error: the request was refused, so it certainly did not apply.
            throw new StoreUnavailableException($"NATS refused {operation} on '{key}': {e.Error.Description} (code {e.Error.Code}/{e.Error.ErrCode})", e);
        }
        catch (NatsNoRespondersException e)
        {
            throw new StoreUnavailableException($"NATS at {options.Url} has no JetStream responder for {operation} on '{key}' (is the server running with -js?)", e);
        }
        catch (Exception e) when (e is NatsException or TimeoutException or IOException)
        {
            throw Lost(operation, key, mutating, e.Message, e);
        }
    }

    private StoreException Lost(string operation, string key, bool mutating, string why, Exception inner) =>
        mutating
            ? new IndeterminateOutcomeException(operation, key, inner)
            : new StoreUnavailableException($"NATS {operation} on '{key}' failed: {why}", inner);

    /// <summary>Connects on first use; fails fast (nothing sent) while the client is reconnecting.</summary>
    private async Task EnsureConnectedAsync(string operation, string key, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var state = client.Connection.ConnectionState;
        if (state == NatsConnectionState.Open)
        {
            return;
        }

        if (state is NatsConnectionState.Reconnecting or NatsConnectionState.Failed)
        {
            throw new StoreUnavailableException($"not connected to NATS at {options.Url} ({state}); {operation} on '{key}' was not sent");
        }

        try
        {
            await client.ConnectAsync().AsTask().WaitAsync(deadline);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"could not connect to NATS at {options.Url} within {options.CallTimeout}", e);
        }
        catch (Exception e) when (e is NatsException or IOException or System.Net.Sockets.SocketException)
        {
            throw new StoreUnavailableException($"could not connect to NATS at {options.Url}: {e.Message}", e);
        }
    }
}
