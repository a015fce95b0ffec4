using dotnet_etcd;
using Polly;
using Polly.Retry;
using Polly.Simmy;
using Polly.Simmy.Fault;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// Runs one store call: a Polly retry (outer) around an attempt with a Polly timeout (inner), on the current
/// member. Each attempt's failure is translated by <see cref="EtcdErrorClassifier"/> before the retry sees it,
/// and the retry only handles <see cref="StoreUnavailableException"/>: a call that certainly changed nothing.
/// </summary>
internal sealed class EtcdCallExecutor
{
    private readonly EtcdEndpointRing _ring;
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _attempt;
    private readonly TimeSpan _callTimeout;
    private readonly IEtcdCallFaults? _faults;
    private readonly string? _username;

    public EtcdCallExecutor(EtcdEndpointRing ring, EtcdStoreOptions options)
    {
        _ring = ring;
        _callTimeout = options.CallTimeout;
        _username = options.Username;
        var attempt = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }.AddTimeout(options.CallTimeout);
        _faults = options.Faults;
        if (options.Faults is { } faults)
        {
            // A request that fails before it leaves: what the plan's store-fault "unavailable" asks for, per call.
            attempt.AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRateGenerator = _ => ValueTask.FromResult(faults.RequestFailure),
                EnabledGenerator = _ => ValueTask.FromResult(faults.RequestFailure > 0),
                Randomizer = faults.NextDouble,
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(new StoreUnavailableException("injected store fault: the request failed before it was sent")),
            });
        }

        _attempt = attempt.Build();

        var retry = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        if (options.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<StoreUnavailableException>(),
            });
        }

        _retry = retry.Build();
    }

    /// <summary>
    /// Runs <paramref name="call"/> with a deadline per attempt, retrying only what certainly did not apply, inside an
    /// activity <c>etcd &lt;operation&gt;</c> tagged with the key, the member of the last attempt and the number of attempts.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        EtcdOperationKind kind, string operation, string key, long leaseId,
        Func<EtcdClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = EtcdActivities.Start(operation, key, kind);
        var attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    var (client, endpoint, index) = _ring.Current;
                    var session = _ring.Session(index);
                    activity?.SetTag("reslab.endpoint", endpoint);
                    try
                    {
                        var result = await CallAuthenticatedAsync(client, session, call, token);
                        if (_faults?.LoseReply() == true)
                        {
                            // The call ran; its reply is dropped on the way back: a mutation's outcome is now unknown.
                            throw kind != EtcdOperationKind.Mutation
                                ? new StoreUnavailableException($"injected store fault: the reply to {operation} on '{key}' was lost")
                                : new IndeterminateOutcomeException(operation, key, new IOException("injected store fault: the reply was lost after the request was carried out"));
                        }

                        return result;
                    }
                    catch (Exception error) when (Translate(error, kind, operation, key, leaseId, endpoint, cancellationToken) is { } translated)
                    {
                        if (translated is StoreUnavailableException or IndeterminateOutcomeException)
                        {
                            // The member may be dead or frozen: the next attempt (or call) goes to another one.
                            _ring.MoveNext(index);
                        }

                        throw translated;
                    }
                },
                cancellationToken);
        }
        catch (Exception error)
        {
            EtcdActivities.Failed(activity, error);
            throw;
        }
        finally
        {
            activity?.SetTag("reslab.attempts", attempts);
        }
    }

    /// <summary>
    /// One attempt with the member's auth token; when etcd rejects the token (expired, revoked, auth store changed) the
    /// token is dropped and the attempt runs once more with a fresh one. etcd rejects a token before applying anything,
    /// so the resend cannot apply a mutation twice; it does not count against MaxRetries, which are for outages.
    /// </summary>
    private async Task<T> CallAuthenticatedAsync<T>(EtcdClient client, EtcdAuthSession session, Func<EtcdClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        string? used = null;
        try
        {
            return await _attempt.ExecuteAsync(
                async attemptToken =>
                {
                    used = await session.EnsureAsync(client, attemptToken);
                    return await call(client, attemptToken);
                },
                cancellationToken);
        }
        catch (Exception error) when (session.IsTokenRejected(error))
        {
            session.Invalidate(used);
            EtcdActivities.TokenRejected(session.Username);
            return await _attempt.ExecuteAsync(
                async attemptToken =>
                {
                    await session.EnsureAsync(client, attemptToken);
                    return await call(client, attemptToken);
                },
                cancellationToken);
        }
    }

    public Exception? Translate(Exception error, EtcdOperationKind kind, string operation, string key, long leaseId, string endpoint, CancellationToken callerToken) =>
        EtcdErrorClassifier.Translate(error, kind, operation, key, leaseId, endpoint, _callTimeout, callerToken, _username);
}
