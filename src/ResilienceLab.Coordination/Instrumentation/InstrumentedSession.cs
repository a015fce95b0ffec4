namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>A session whose locks and candidacies record history and metrics.</summary>
internal sealed class InstrumentedSession(ICoordinationSession inner, InstrumentedCoordinationBackend backend) : ICoordinationSession
{
    public string Id => inner.Id;

    public TimeSpan Ttl => inner.Ttl;

    public CancellationToken Lost => inner.Lost;

    public string? LostReason => inner.LostReason;

    public IDistributedLock CreateLock(string name, string owner = "") => new InstrumentedLock(inner.CreateLock(name, owner), backend);

    public ILeaderElection CreateElection(string name) => new InstrumentedElection(inner.CreateElection(name), backend);

    public Task AbandonAsync() => inner.AbandonAsync();

    public Task CloseAsync(CancellationToken cancellationToken = default) => inner.CloseAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
