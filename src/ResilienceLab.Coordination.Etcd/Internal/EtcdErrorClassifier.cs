using System.Net.Sockets;
using Grpc.Core;
using Polly.Timeout;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// Turns what the gRPC client threw into the store's error vocabulary. See <see cref="EtcdKeyValueStore"/> for the table.
/// </summary>
internal static class EtcdErrorClassifier
{
    // etcd answers these before proposing anything to raft (rpctypes in etcd 3.4), so the request certainly did not apply.
    private static readonly string[] RejectedBeforeProposal =
    [
        "etcdserver: no leader",
        "etcdserver: not capable",
        "etcdserver: too many requests",
        "etcdserver: unhealthy cluster",
        "raft proposal dropped",
    ];

    private const string LeaseNotFoundMessage = "requested lease not found";

    /// <summary>
    /// The exception to throw instead of <paramref name="error"/>, or null to let it through unchanged
    /// (the caller's own cancellation, disposal, programming errors already thrown by us).
    /// </summary>
    public static Exception? Translate(
        Exception error, EtcdOperationKind kind, string operation, string key, long leaseId, string endpoint,
        TimeSpan callTimeout, CancellationToken callerToken, string? username = null)
    {
        if (error is StoreException or ArgumentException or ObjectDisposedException)
        {
            return null;
        }

        if (callerToken.IsCancellationRequested && IsCancellation(error))
        {
            // The caller gave up; its OperationCanceledException is the answer (a cancelled mutation's outcome is unknown).
            return null;
        }

        if (error is TimeoutRejectedException)
        {
            return LostReply(kind, operation, key, $"no reply from {endpoint} within the call timeout of {callTimeout.TotalMilliseconds:0} ms", error);
        }

        if (error is RpcException rpc)
        {
            return TranslateAuth(rpc, operation, key, endpoint, username) ?? TranslateRpc(rpc, kind, operation, key, leaseId, endpoint);
        }

        if (IsCancellation(error) || error is IOException or HttpRequestException or SocketException)
        {
            return IsConnectFailure(error)
                ? Unavailable(operation, key, endpoint, "could not connect", error)
                : LostReply(kind, operation, key, $"the connection to {endpoint} failed ({error.GetType().Name})", error);
        }

        return null;
    }

    /// <summary>
    /// etcd's auth refusals (all decided before anything is applied): a denied permission names the key and the user; a
    /// token still rejected after re-authenticating, or a server that wants credentials none were configured for, says what to set.
    /// </summary>
    private static StoreException? TranslateAuth(RpcException rpc, string operation, string key, string endpoint, string? username)
    {
        var detail = rpc.Status.Detail ?? "";
        if (rpc.StatusCode == StatusCode.PermissionDenied || detail.Contains("etcdserver: permission denied", StringComparison.Ordinal))
        {
            return new EtcdPermissionDeniedException(endpoint, username, operation, key, rpc);
        }

        if (detail.Contains("user name is empty", StringComparison.Ordinal) && username is null)
        {
            return new EtcdAuthenticationException(endpoint, null, $"etcd at {endpoint} requires authentication ({detail}) for {operation} on '{key}': set the store's username and password (EtcdStoreOptions.Username with PasswordFile or Password; the plan's store.username and store.passwordFrom).", rpc);
        }

        if (rpc.StatusCode == StatusCode.Unauthenticated || detail.Contains("revision of auth store is old", StringComparison.Ordinal) || detail.Contains("user name is empty", StringComparison.Ordinal))
        {
            return new EtcdAuthenticationException(endpoint, username, $"etcd at {endpoint} rejected {operation} on '{key}' for user '{username ?? "(none)"}' even after re-authenticating ({detail}).", rpc);
        }

        return null;
    }

    private static Exception? TranslateRpc(RpcException rpc, EtcdOperationKind kind, string operation, string key, long leaseId, string endpoint)
    {
        var detail = rpc.Status.Detail ?? "";
        switch (rpc.StatusCode)
        {
            case StatusCode.NotFound when detail.Contains(LeaseNotFoundMessage, StringComparison.Ordinal):
                return new LeaseNotFoundException(leaseId, rpc);

            case StatusCode.InvalidArgument:
            case StatusCode.OutOfRange:
                return new ArgumentException($"etcd at {endpoint} rejected {operation} on '{key}': {detail}", rpc);

            case StatusCode.ResourceExhausted:
                // "too many requests" / "database space exceeded" are checked before the proposal.
                return Unavailable(operation, key, endpoint, detail, rpc);

            case StatusCode.Unavailable:
            case StatusCode.Unknown:
            case StatusCode.Internal:
            case StatusCode.DeadlineExceeded:
            case StatusCode.Cancelled:
            case StatusCode.Aborted:
                if (IsConnectFailure(rpc) || RejectedBeforeProposal.Any(m => detail.Contains(m, StringComparison.Ordinal)))
                {
                    return Unavailable(operation, key, endpoint, detail, rpc);
                }

                return LostReply(kind, operation, key, $"{rpc.StatusCode} from {endpoint}: {detail}", rpc);

            default:
                return new StoreException($"etcd at {endpoint} rejected {operation} on '{key}' with {rpc.StatusCode}: {detail}", rpc);
        }
    }

    /// <summary>Reads and idempotent calls lose nothing with their reply: they are merely unavailable.</summary>
    private static StoreException LostReply(EtcdOperationKind kind, string operation, string key, string why, Exception inner) =>
        kind == EtcdOperationKind.Mutation
            ? new IndeterminateOutcomeException(operation, key, inner)
            : new StoreUnavailableException($"{operation} on '{key}' failed: {why}. It changed nothing and may be retried.", inner);

    private static StoreUnavailableException Unavailable(string operation, string key, string endpoint, string why, Exception inner) =>
        new($"{operation} on '{key}' was not applied: etcd at {endpoint} is unavailable ({why}). It may be retried.", inner);

    private static bool IsCancellation(Exception error) =>
        error is OperationCanceledException || error is RpcException { StatusCode: StatusCode.Cancelled };

    /// <summary>
    /// True when the TCP connection could not be opened, so not one byte of the request left this process:
    /// Grpc.Net.Client reports "Error connecting to subchannel." with the SocketException inside.
    /// </summary>
    internal static bool IsConnectFailure(Exception error)
    {
        if (error is RpcException rpc && (rpc.Status.Detail ?? "").StartsWith("Error connecting to subchannel", StringComparison.Ordinal))
        {
            return true;
        }

        // Walk the causes (bounded: DebugException and InnerException are usually the same object).
        var e = error;
        for (var depth = 0; e is not null && depth < 16; depth++)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable })
            {
                return true;
            }

            e = e.InnerException ?? (e as RpcException)?.Status.DebugException;
        }

        return false;
    }
}
