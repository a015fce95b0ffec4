using Polly;
using Polly.Retry;

namespace ResilienceLab.Hosting;

/// <summary>
/// How a server we start (etcd, nats-server: both Go) says another process had taken its port, and the retry of its
/// start on fresh ports. A port from <see cref="FreePorts"/> was free when it was checked, but another process can
/// bind it before the server does.
/// </summary>
internal static class PortConflict
{
    /// <summary>How many times a start is tried in all.</summary>
    public const int StartAttempts = 3;

    /// <summary>Whether the server's output reports that a port it listens on was taken.</summary>
    public static bool IsReportedIn(string output) => output.Contains("address already in use", StringComparison.Ordinal);

    /// <summary>
    /// Runs <paramref name="start"/> (which must take fresh ports and clean up after itself when it throws) again,
    /// at once, while it fails with a <typeparamref name="TException"/> that <paramref name="isConflict"/> accepts; at
    /// most <see cref="StartAttempts"/> times.
    /// </summary>
    public static ValueTask<T> RetryOnFreshPortsAsync<T, TException>(
        Func<CancellationToken, ValueTask<T>> start, Func<TException, bool> isConflict, TimeProvider time, CancellationToken cancellationToken)
        where TException : Exception =>
        new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T>
            {
                ShouldHandle = new PredicateBuilder<T>().Handle(isConflict),
                MaxRetryAttempts = StartAttempts - 1,
                Delay = TimeSpan.Zero,
            })
            .Build()
            .ExecuteAsync(start, cancellationToken);
}
