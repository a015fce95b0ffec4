using Polly;
using Polly.Retry;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// Asks a plan's own store endpoints before anything depends on them: a few bounded attempts (a store that is still
/// starting gets a moment), then an error naming every endpoint and why it did not answer — instead of the store
/// surfacing half a minute later as "the replicas did not start" under pages of worker gRPC errors.
/// </summary>
public static class StoreProbe
{
    /// <summary>Attempts on every endpoint before the store counts as unreachable.</summary>
    public const int Attempts = 3;

    /// <summary>How long one attempt may take: a loopback or LAN store answers a status request in milliseconds; 2 s also covers a busy 2-core machine.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Pause between attempts.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Null when at least one endpoint of <paramref name="store"/> answered; otherwise the error, starting with
    /// <c>store.endpoints:</c>, naming each endpoint with its last error.
    /// </summary>
    public static Task<string?> ProbeAsync(StoreSpec store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Kind == StoreKind.Nats
            ? RetryAsync(PlanNames.Of(store.Kind), async token => await Task.WhenAll(store.Endpoints.Select(async endpoint => (endpoint, await TryConnectAsync(endpoint, time, token)))), time, cancellationToken)
            : ProbeEtcdAsync(PlanStoreAccess.EtcdOptions(store, store.Endpoints, time), time, cancellationToken);
    }

    /// <summary>
    /// As <see cref="ProbeAsync"/> for etcd endpoints reached with <paramref name="access"/>: a fresh options object for
    /// the probe alone (its credentials and TLS are kept; the probe sets its clock and timeouts, and turns retries off).
    /// </summary>
    public static Task<string?> ProbeEtcdAsync(EtcdStoreOptions access, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        (access.TimeProvider, access.CallTimeout, access.MaxRetries) = (time, AttemptTimeout, 0);
        return RetryAsync(
            PlanNames.Of(StoreKind.Etcd),
            async token =>
            {
                // A new client per attempt: a channel that failed to connect would otherwise fail at once until its reconnect back-off ends.
                using var maintenance = new EtcdMaintenance(access);
                return [.. (await maintenance.GetStatusesAsync(token)).Select(s => (s.Endpoint, s.IsReachable ? null : s.Error ?? "no answer"))];
            },
            time,
            cancellationToken);
    }

    private static async Task<string?> RetryAsync(string kind, Func<CancellationToken, Task<IReadOnlyList<(string Endpoint, string? Error)>>> ask, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder<IReadOnlyList<(string Endpoint, string? Error)>> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<IReadOnlyList<(string Endpoint, string? Error)>>
            {
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Constant,
                Delay = Pause,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } answers && answers.All(a => a.Error is not null)),
            })
            .Build();
        var answers = await pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                return await ask(token);
            },
            cancellationToken);
        if (answers.Any(a => a.Error is null))
        {
            return null;
        }

        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        return $"store.endpoints: no {kind} endpoint answered ({attempts} attempts in {elapsed:0.#} s): "
            + string.Join("; ", answers.Select(a => $"{a.Endpoint}: {a.Error}"))
            + "; start the store or fix the endpoints";
    }

    private static async Task<string?> TryConnectAsync(string endpoint, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            return "not a URL";
        }

        using var client = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(AttemptTimeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.ConnectAsync(uri.Host, uri.Port, deadline.Token);
            return null;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return e is OperationCanceledException ? "no answer" : e.Message;
        }
    }
}
