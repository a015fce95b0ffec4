using System.Diagnostics.Metrics;
using ResilienceLab.History;
using ResilienceLab.Simulation;
using ResilienceLab.Verification;

namespace ResilienceLab.Coordination.Tests.Instrumentation;

/// <summary>
/// The primitives record their own history (docs/history.md) and publish metrics: on the simulated etcd twin in virtual
/// time, each replica's backend instrumented with its own recorder on one shared sink, as a service's would be.
/// </summary>
public sealed class InstrumentedBackendTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public void Lock_AcquireBusyRelease_RecordsEachWithTokenAndTheChecksPass() => Run(async ctx =>
    {
        var a = await ctx.SessionAsync("a");
        var b = await ctx.SessionAsync("b");
        var held = await a.CreateLock("/locks/job").AcquireAsync();
        Assert.Null(await b.CreateLock("/locks/job").TryAcquireAsync());
        var committed = await held.CommitCheckpointAsync("/jobs/job", 1, 2, 0);
        Assert.NotNull(committed);
        await held.ReleaseAsync();
        var next = await b.CreateLock("/locks/job").AcquireAsync();
        var checkpoint = await ctx.Backend("b").ReadAsync("/jobs/job");
        Assert.NotNull(await next.CommitCheckpointAsync("/jobs/job", 2, 2, checkpoint.Single!.Revision));
        await next.ReleaseAsync();

        var acquires = ctx.Completions(HistoryOps.LockAcquire);
        Assert.Equal([HistoryEntryType.Ok, HistoryEntryType.Fail, HistoryEntryType.Ok], acquires.Select(e => e.Type));
        Assert.Equal(held.Token, acquires[0].Token);
        Assert.Equal(held.Key, acquires[0].Value);
        Assert.True(acquires[2].Token > acquires[0].Token, "tokens grow from holder to holder");
        var commits = ctx.Completions(HistoryOps.TaskCommit);
        Assert.Equal(["1", "2"], commits.Select(c => c.Value));
        Assert.All(commits, c => Assert.Equal(HistoryEntryType.Ok, c.Type));
        Assert.Equal([held.Token, next.Token], commits.Select(c => c.Token!.Value));
        Assert.Single(ctx.Events(HistoryOps.TaskComplete));
        Assert.Equal(2, ctx.Completions(HistoryOps.LockRelease).Count(e => e.Type == HistoryEntryType.Ok));
        Assert.Empty(ctx.Events(HistoryOps.LockLost));
        ctx.AssertChecksPass();
    });

    [Fact]
    public void Lock_SessionStopsRenewing_LostRecordedWhenTheSignalFires() => Run(async ctx =>
    {
        var a = await ctx.SessionAsync("a");
        var handle = await a.CreateLock("/locks/job").AcquireAsync();
        DateTimeOffset? firedAt = null;
        using var registration = handle.Lost.Register(() => firedAt = ctx.Time.GetUtcNow());
        await a.AbandonAsync();
        await Task.Delay(Ttl * 3, ctx.Time);

        var lost = Assert.Single(ctx.Events(HistoryOps.LockLost));
        Assert.NotNull(firedAt);
        Assert.Equal(firedAt, lost.Time);
        Assert.Equal(handle.Token, lost.Token);
        Assert.Equal("/locks/job", lost.Key);

        // The loss ends the hold: a release afterwards records nothing new and no second loss.
        await handle.ReleaseAsync();
        Assert.Single(ctx.Events(HistoryOps.LockLost));
    });

    [Fact]
    public void Lock_StaleHolderWritesAfterLoss_FenceRejectionRecordedAndCounted() => Run(async ctx =>
    {
        using var metrics = new MetricCapture(CoordinationTelemetry.FencedWritesRejected);
        var a = await ctx.SessionAsync("a");
        var stale = await a.CreateLock("/locks/job").AcquireAsync();
        await a.AbandonAsync();
        await Task.Delay(Ttl * 3, ctx.Time);
        var b = await ctx.SessionAsync("b");
        var fresh = await b.CreateLock("/locks/job").AcquireAsync();

        await Assert.ThrowsAsync<LockLostException>(() => stale.FencedCompareAndSwapAsync("/jobs/job", "stale", 0));
        var write = Assert.Single(ctx.Completions(HistoryOps.LockWrite));
        Assert.Equal(HistoryEntryType.Fail, write.Type);
        Assert.Equal(stale.Token, write.Token);
        Assert.Equal(1, metrics.Total);
        Assert.NotNull(await fresh.FencedCompareAndSwapAsync("/jobs/job", "fresh", 0));
        ctx.AssertChecksPass();
    });

    [Fact]
    public void Election_CampaignWriteResign_RecordedWithTermAndNoLossAfterResigning() => Run(async ctx =>
    {
        using var won = new MetricCapture(CoordinationTelemetry.ElectionsWon);
        var a = await ctx.SessionAsync("a");
        var election = a.CreateElection("/election/svc");
        var term = await election.CampaignAsync("a");
        await election.FencedPutAsync("/svc/leader-state", "a:1");
        await election.ResignAsync();
        await Task.Delay(Ttl, ctx.Time);

        var campaign = Assert.Single(ctx.Completions(HistoryOps.LeaderCampaign));
        Assert.Equal((HistoryEntryType.Ok, term, "a"), (campaign.Type, campaign.Token!.Value, campaign.Value));
        var write = Assert.Single(ctx.Completions(HistoryOps.LeaderWrite));
        Assert.Equal((HistoryEntryType.Ok, term), (write.Type, write.Token!.Value));
        Assert.Equal(HistoryEntryType.Ok, Assert.Single(ctx.Completions(HistoryOps.LeaderResign)).Type);
        Assert.Empty(ctx.Events(HistoryOps.LeaderLost));
        Assert.Equal(1, won.Total);
        ctx.AssertChecksPass();
    });

    [Fact]
    public void Election_SessionStopsRenewing_LeaderLostRecordedWhenTheSignalFiresNotWhenTheLeaderNotices() => Run(async ctx =>
    {
        var a = await ctx.SessionAsync("a");
        var election = a.CreateElection("/election/svc");
        var term = await election.CampaignAsync("a");
        DateTimeOffset? firedAt = null;
        using var registration = election.LeadershipLost.Register(() => firedAt = ctx.Time.GetUtcNow());
        await a.AbandonAsync();

        // The leader's own loop looks only long after the loss (a busy leader): the record must not wait for it.
        await Task.Delay(Ttl * 3, ctx.Time);
        var noticedAt = ctx.Time.GetUtcNow();
        Assert.True(election.LeadershipLost.IsCancellationRequested);

        var lost = Assert.Single(ctx.Events(HistoryOps.LeaderLost));
        Assert.NotNull(firedAt);
        Assert.Equal(firedAt, lost.Time);
        Assert.True(lost.Time < noticedAt, $"recorded at {lost.Time:O}, when the leader looked at {noticedAt:O}");
        Assert.Equal(term, lost.Token);
    });

    [Fact]
    public void Election_LeaderSessionExpires_LeaderLostRecordedAndObserversRecordTheSuccessor() => Run(async ctx =>
    {
        var a = await ctx.SessionAsync("a");
        var b = await ctx.SessionAsync("b");
        var first = a.CreateElection("/election/svc");
        var firstTerm = await first.CampaignAsync("a");
        using var stop = new CancellationTokenSource();
        var observing = ObserveAsync(ctx.Backend("c"), stop.Token);
        var second = b.CreateElection("/election/svc");
        var campaigning = second.CampaignAsync("b");
        await Task.Delay(TimeSpan.FromMilliseconds(100), ctx.Time);
        await a.AbandonAsync();
        var term = await campaigning;
        await Task.Delay(Ttl, ctx.Time);
        stop.Cancel();
        await observing;

        var lost = Assert.Single(ctx.Events(HistoryOps.LeaderLost));
        Assert.Equal(("a", firstTerm), (lost.Value, lost.Token!.Value));
        Assert.Contains(ctx.Events(HistoryOps.LeaderObserved), e => e.Value == "b" && e.Token == term);
        ctx.AssertChecksPass();
    });

    [Fact]
    public void Counter_ConcurrentIncrements_RecordedOnceAsCounterWithConflictsCounted() => Run(async ctx =>
    {
        using var conflicts = new MetricCapture(CoordinationTelemetry.CasConflicts);
        var retry = CasRetry.OnConflict(ctx.Time, new DeterministicRandom(7));
        var counters = new[] { "a", "b", "c" }.Select(n => ctx.Backend(n).Counter("/counter", retry)).ToList();
        await Task.WhenAll(counters.Select(async counter =>
        {
            for (var i = 0; i < 10; i++)
            {
                await counter.IncrementAsync();
            }
        }));

        Assert.Equal(30, await counters[0].ReadAsync());
        var increments = ctx.Completions(HistoryOps.CounterIncrement);
        Assert.Equal(30, increments.Count(e => e.Type == HistoryEntryType.Ok));
        Assert.Equal(Enumerable.Range(1, 30).Select(v => v.ToString()), increments.Select(e => e.Value!).OrderBy(int.Parse));
        Assert.DoesNotContain(ctx.Sink.Entries, e => e.Op.StartsWith("register.", StringComparison.Ordinal));
        Assert.True(conflicts.Total > 0, "three writers on one key must conflict at least once");
        ctx.AssertChecksPass();
    });

    [Fact]
    public void Register_ReadThenSwap_RecordedWithTheValueReadAndLinearizable() => Run(async ctx =>
    {
        var register = ctx.Backend("a").Register("/config");
        var empty = await register.ReadAsync();
        Assert.NotNull(await register.CompareAndSwapAsync(empty.ModRevision, "v1"));
        var read = await register.ReadAsync();
        Assert.NotNull(await register.CompareAndSwapAsync(read.ModRevision, "v2"));
        Assert.Null(await register.CompareAndSwapAsync(read.ModRevision, "v3"));

        var swaps = ctx.Completions(HistoryOps.RegisterCas);
        Assert.Equal([HistoryEntryType.Ok, HistoryEntryType.Ok, HistoryEntryType.Fail], swaps.Select(e => e.Type));
        Assert.Equal([null, "v1", "v1"], swaps.Select(e => e.Expected));
        Assert.Equal(HistoryOps.CompareFailedError, swaps[2].Error);
        ctx.AssertChecksPass();
    });

    [Fact]
    public void WithInstrumentation_AppliedTwice_WrapsOnce()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock);
        var backend = new EtcdCoordinationBackend(store.CreateClient("x"), loop.Clock);
        var once = backend.WithInstrumentation(loop.Clock);
        Assert.NotSame(backend, once);
        Assert.Same(once, once.WithInstrumentation(loop.Clock));
    }

    private static async Task ObserveAsync(ICoordinationBackend backend, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in backend.ObserveLeaderAsync("/election/svc", cancellationToken))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Run(Func<Context, Task> body)
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var ctx = new Context(store, loop.Clock);
        loop.Run(async () =>
        {
            await body(ctx);
            await ctx.DisposeAsync();
        }, timeLimit: TimeSpan.FromHours(1));
        Assert.Equal(0, loop.ForeignPosts);
    }

    /// <summary>One instrumented backend per replica name, all recording to one sink.</summary>
    private sealed class Context(SimulatedStore store, TimeProvider time)
    {
        private readonly Dictionary<string, ICoordinationBackend> _backends = [];

        public TimeProvider Time { get; } = time;

        public MemoryHistorySink Sink { get; } = new();

        public ICoordinationBackend Backend(string name)
        {
            if (!_backends.TryGetValue(name, out var backend))
            {
                backend = new EtcdCoordinationBackend(store.CreateClient(name), Time, ownsStore: true)
                    .WithInstrumentation(Time, new HistoryRecorder(Sink, Time, name));
                _backends[name] = backend;
            }

            return backend;
        }

        public Task<ICoordinationSession> SessionAsync(string name) => Backend(name).OpenSessionAsync(new SessionOptions { Ttl = Ttl });

        public List<HistoryEntry> Completions(string op) =>
            [.. Sink.Entries.Where(e => e.Op == op && e.Type is not (HistoryEntryType.Invoke or HistoryEntryType.Event))];

        public List<HistoryEntry> Events(string op) => [.. Sink.Entries.Where(e => e.Op == op && e.Type == HistoryEntryType.Event)];

        public void AssertChecksPass()
        {
            var verdict = Verifier.Verify(MergedHistory.FromEntries(Sink.Entries), new RunMetadata { Name = "instrumented" });
            Assert.All(verdict.Results, r => Assert.True(r.Status != CheckStatus.Failed, $"{r.Name}: {r.Summary}"));
        }

        public async Task DisposeAsync()
        {
            foreach (var backend in _backends.Values)
            {
                await backend.DisposeAsync();
            }
        }
    }

    /// <summary>Sums one instrument's measurements while it lives.</summary>
    private sealed class MetricCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public MetricCapture(string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == CoordinationTelemetry.Name && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
