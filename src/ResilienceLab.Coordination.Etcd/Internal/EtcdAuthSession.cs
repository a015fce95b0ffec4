using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// The auth token of one member's client: fetched with etcd's Authenticate call before the first call, attached to
/// every call by <see cref="EtcdAuthInterceptor"/>, and dropped when etcd rejects it so the next attempt authenticates
/// again. Without credentials it does nothing.
/// </summary>
internal sealed class EtcdAuthSession(EtcdCredentials? credentials, string endpoint, TimeSpan callTimeout, TimeProvider timeProvider)
{
    // What etcd says when it rejects a token (not the user): see IsTokenRejected.
    private const string InvalidToken = "invalid auth token";
    private const string StaleAuthRevision = "revision of auth store is old";
    private const string NoUserName = "user name is empty";

    /// <summary>The gRPC metadata key etcd reads the token from.</summary>
    public const string TokenHeader = "token";

    /// <summary>The token value meaning "etcd has authentication disabled": calls go without a token.</summary>
    private const string AuthDisabled = "";

    private readonly Lock _gate = new();
    private string? _token;
    private Task<string>? _authenticating;
    private int _authentications;

    /// <summary>The user, or null without credentials.</summary>
    public string? Username => credentials?.Username;

    /// <summary>The token to attach now, or null for none.</summary>
    public string? Token => Volatile.Read(ref _token) is { Length: > 0 } token ? token : null;

    /// <summary>How many times this member's client authenticated (1 plus one per rejected token).</summary>
    public int Authentications => Volatile.Read(ref _authentications);

    /// <summary>
    /// Authenticates unless a token is held; returns the token the call will carry (null for none). Concurrent callers
    /// share one Authenticate call (bounded by the call timeout), each waiting only as long as its own token allows.
    /// </summary>
    /// <exception cref="EtcdAuthenticationException">etcd refused the user or password.</exception>
    public async Task<string?> EnsureAsync(EtcdClient client, CancellationToken cancellationToken)
    {
        if (credentials is null)
        {
            return null;
        }

        Task<string> pending;
        lock (_gate)
        {
            if (_token is { } held)
            {
                return held;
            }

            pending = _authenticating ??= AuthenticateAsync(client, credentials);
        }

        return await pending.WaitAsync(cancellationToken);
    }

    private async Task<string> AuthenticateAsync(EtcdClient client, EtcdCredentials user)
    {
        // Off the caller's context: the lock above is held while this starts.
        await Task.Yield();
        try
        {
            var request = new AuthenticateRequest { Name = user.Username, Password = user.ReadPassword() };
            string token;
            try
            {
                using var deadline = new EtcdDeadline(callTimeout, timeProvider, CancellationToken.None);
                token = (await client.AuthenticateAsync(request, cancellationToken: deadline.Token)).Token;
            }
            catch (RpcException rpc) when (rpc.StatusCode == StatusCode.FailedPrecondition && (rpc.Status.Detail ?? "").Contains("authentication is not enabled", StringComparison.Ordinal))
            {
                // Auth is off: calls need no token. If it is switched on later, the first call fails with
                // "user name is empty" and IsTokenRejected sends us back here.
                token = AuthDisabled;
            }
            catch (RpcException rpc) when (rpc.StatusCode == StatusCode.Unauthenticated || rpc.StatusCode == StatusCode.InvalidArgument)
            {
                throw new EtcdAuthenticationException(
                    endpoint,
                    user.Username,
                    $"etcd at {endpoint} refused user '{user.Username}': {rpc.Status.Detail}. Check the user name and the password (Username with PasswordFile or Password; the plan's store.username and store.passwordFrom).",
                    rpc);
            }

            Interlocked.Increment(ref _authentications);
            lock (_gate)
            {
                _token = token;
            }

            return token;
        }
        finally
        {
            lock (_gate)
            {
                _authenticating = null;
            }
        }
    }

    /// <summary>Drops <paramref name="rejected"/> (unless another caller already replaced it): the next attempt authenticates.</summary>
    public void Invalidate(string? rejected)
    {
        if (rejected is not null)
        {
            lock (_gate)
            {
                if (_token == rejected)
                {
                    _token = null;
                }
            }
        }
    }

    /// <summary>
    /// True when <paramref name="error"/> says the token (not the user) is no good, so authenticating again and
    /// resending is the cure. etcd checks all three before applying anything, so the resend cannot apply twice:
    /// "invalid auth token" (expired simple token, auth disabled and re-enabled, JWT past its TTL), "revision of auth
    /// store is old" (users or roles changed since the token was issued) and "user name is empty" (auth was enabled
    /// after this client found it off).
    /// </summary>
    public bool IsTokenRejected(Exception error) =>
        credentials is not null
        && error is RpcException rpc
        && (rpc.Status.Detail ?? "") is var detail
        && ((rpc.StatusCode == StatusCode.Unauthenticated && detail.Contains(InvalidToken, StringComparison.Ordinal))
            || (rpc.StatusCode == StatusCode.InvalidArgument
                && (detail.Contains(StaleAuthRevision, StringComparison.Ordinal) || detail.Contains(NoUserName, StringComparison.Ordinal))));

    /// <summary>Whether etcd's <paramref name="text"/> (a status detail, a watch's cancel reason) names one of the three token rejections.</summary>
    public static bool NamesRejectedToken(string? text) =>
        text is not null && (text.Contains(InvalidToken, StringComparison.Ordinal) || text.Contains(StaleAuthRevision, StringComparison.Ordinal) || text.Contains(NoUserName, StringComparison.Ordinal));
}
