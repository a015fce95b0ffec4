using Microsoft.Extensions.Time.Testing;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The one retry of a lock's release: how often, how far apart, and what it does not retry.</summary>
public sealed class ReleaseRetryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_RetryableFailures_TriesFiveTimesDoublingTheWaitThenThrows()
    {
        var time = new FakeTimeProvider();
        var attemptsAt = new List<TimeSpan>();
        var start = time.GetUtcNow();

        var run = ReleaseRetry.RunAsync(time, _ => { attemptsAt.Add(time.GetUtcNow() - start); throw new StoreUnavailableException("down"); }, e => e is StoreUnavailableException);
        for (var i = 0; i < 20 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        // Bounded on the real clock: a retry that waits longer than the fake time advanced fails here instead of hanging.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => run.WaitAsync(Bound, TimeProvider.System));
        Assert.Equal(ReleaseRetry.Attempts, attemptsAt.Count);
        Assert.Equal([0, 100, 300, 700, 1500], attemptsAt.Select(t => t.TotalMilliseconds));
    }

    [Fact]
    public async Task RunAsync_NotRetryable_ThrowsAfterOneAttempt()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<StoreAccessDeniedException>(() => ReleaseRetry.RunAsync(new FakeTimeProvider(), _ => { attempts++; throw new StoreAccessDeniedException("no"); }, e => e is StoreUnavailableException));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RunAsync_RetryAtOnce_RetriesWithoutWaitingAndSucceeds()
    {
        var time = new FakeTimeProvider();
        var attempts = 0;

        // The fake clock never advances: a retry that waited would not finish within the bound.
        await ReleaseRetry.RunAsync(
            time,
            _ => ++attempts < 3 ? throw new InvalidOperationException("moved on") : ValueTask.CompletedTask,
            e => e is StoreUnavailableException,
            retryAtOnce: e => e is InvalidOperationException).WaitAsync(Bound, TimeProvider.System);

        Assert.Equal(3, attempts);
    }
}
