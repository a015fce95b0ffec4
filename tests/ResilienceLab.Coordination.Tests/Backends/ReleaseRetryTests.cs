using Microsoft.Extensions.Time.Testing;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The one retry of a lock's release: how often, how far apart, and what it does not retry.</summary>
public sealed class ReleaseRetryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void RunAsync_RetryableFailures_TriesFiveTimesDoublingTheWaitThenThrows()
    {
        // Driven by a simulation loop: its clock jumps to each retry's timer once nothing else can run, so every wait
        // is taken in full and on time however loaded the machine is (a fake clock advanced in steps from the test
        // thread raced the retries' continuations and could stop advancing before the last attempt).
        var loop = new Simulation.SimulationLoop();
        var attemptsAt = new List<TimeSpan>();

        var error = Record.Exception(() => loop.Run(() => ReleaseRetry.RunAsync(
            loop.Clock, _ => { attemptsAt.Add(loop.Clock.Elapsed); throw new StoreUnavailableException("down"); }, e => e is StoreUnavailableException)));

        Assert.IsType<StoreUnavailableException>(error);
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

    [Fact]
    public async Task RunAsync_TwoReleasesOnOneClock_EachIsJudgedByItsOwnPredicates()
    {
        // The pipeline is built once per clock; the predicates of one release must not leak into the next.
        var time = new FakeTimeProvider();
        var (first, second) = (0, 0);

        await ReleaseRetry.RunAsync(
            time,
            _ => ++first < 3 ? throw new InvalidOperationException("moved on") : ValueTask.CompletedTask,
            e => e is StoreUnavailableException,
            retryAtOnce: e => e is InvalidOperationException).WaitAsync(Bound, TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ReleaseRetry.RunAsync(
            time, _ => { second++; throw new InvalidOperationException("moved on"); }, e => e is StoreUnavailableException));

        Assert.Equal(3, first);
        Assert.Equal(1, second);
    }
}
