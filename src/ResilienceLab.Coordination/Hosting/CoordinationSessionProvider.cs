using Polly;
using Polly.Retry;

namespace ResilienceLab.Coordination;

/// <summary>
/// A service's one live session: opened on first use, opened anew after it is lost (as etcd's recipes expect: a lost
/// session's locks and candidacies are gone, a new one starts clean), and closed — releasing everything it holds — when
/// the service stops. While the store is unreachable, opening is retried with exponential back-off and seeded jitter.
/// </summary>
/// <remarks>
/// Concurrent callers share one opening. No SemaphoreSlim here: its async waiters resume on the thread pool, which would
/// take a deterministic simulation off its loop.
/// </remarks>
public sealed class CoordinationSessionProvider : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ICoordinationBackend _backend;
    private readonly SessionOptions _options;
    private readonly ResiliencePipeline _open;
    private Task<ICoordinationSession>? _opening;
    private ICoordinationSession? _session;

    /// <param name="backend">The backend sessions are opened on.</param>
    /// <param name="options">The sessions' TTL and keep-alive interval.</param>
    /// <param name="timeProvider">Clock of the back-off between attempts.</param>
    /// <param name="random">Source of the back-off jitter (seed it for a replayable simulation).</param>
    public CoordinationSessionProvider(ICoordinationBackend backend, SessionOptions options, TimeProvider timeProvider, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        _backend = backend;
        _options = options;
        _open = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<StoreException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = CoordinationHostingConstants.SessionRetryBaseDelay,
                MaxDelay = CoordinationHostingConstants.SessionRetryMaxDelay,
                Randomizer = random.NextDouble,
            })
            .Build();
    }

    /// <summary>The session now, or null when none is open or it was lost.</summary>
    public ICoordinationSession? Current
    {
        get
        {
            lock (_gate)
            {
                return _session is { Lost.IsCancellationRequested: false } live ? live : null;
            }
        }
    }

    /// <summary>The live session, opening a new one if there is none or it was lost (or closed).</summary>
    public Task<ICoordinationSession> GetSessionAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_session is { Lost.IsCancellationRequested: false } live)
            {
                return Task.FromResult(live);
            }

            if (_options.Bug == RecipeBug.LostSessionHandedOut && _session is { } lost)
            {
                // BUG (mutation testing): the lost session is handed out again, so nothing bound to it can succeed.
                return Task.FromResult(lost);
            }

            if (_opening is not { IsCompleted: false })
            {
                _opening = OpenAsync();
            }

            return _opening.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Closes the session: releases every lock and candidacy it holds so peers take over at once.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        ICoordinationSession? session;
        lock (_gate)
        {
            session = _session;
        }

        if (session is null)
        {
            return;
        }

        try
        {
            await session.CloseAsync(cancellationToken);
        }
        catch (StoreException)
        {
            // Unreachable store: the lease expires by itself after its TTL.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task<ICoordinationSession> OpenAsync()
    {
        // Polly awaits with ConfigureAwait(false) unless told otherwise, which would leave a simulation's loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true);
        try
        {
            var session = await _open.ExecuteAsync(async ctx => await _backend.OpenSessionAsync(_options, ctx.CancellationToken), context);
            lock (_gate)
            {
                _session = session;
            }

            return session;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
