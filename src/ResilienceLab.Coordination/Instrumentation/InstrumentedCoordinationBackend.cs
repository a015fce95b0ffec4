using System.Runtime.CompilerServices;
using Polly;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>
/// Wraps any backend so that its primitives record their own history (when a <see cref="HistoryRecorder"/> is given) and
/// publish <see cref="CoordinationTelemetry"/> metrics and activities. Every session, lock, handle, election, register and
/// counter it hands out is wrapped the same way; nested calls (a counter's reads and swaps) are recorded once, in the
/// vocabulary of the primitive the caller used.
/// </summary>
internal sealed class InstrumentedCoordinationBackend(ICoordinationBackend inner, TimeProvider time, HistoryRecorder? recorder) : ICoordinationBackend
{
    public ICoordinationBackend Inner { get; } = inner;

    public TimeProvider Time { get; } = time;

    public HistoryRecorder? Recorder { get; } = recorder;

    public string Kind => Inner.Kind;

    public async Task<ICoordinationSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken = default) =>
        new InstrumentedSession(await Inner.OpenSessionAsync(options, cancellationToken), this);

    public Task<StoreSnapshot> ReadAsync(string key, CancellationToken cancellationToken = default) => Inner.ReadAsync(key, cancellationToken);

    public Task<StoreSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ReadPrefixAsync(prefix, cancellationToken);

    public Task<long> PutAsync(string key, string value, CancellationToken cancellationToken = default) => Inner.PutAsync(key, value, cancellationToken);

    public ICasRegister Register(string key) => new InstrumentedRegister(Inner.Register(key), Recorder);

    // The counter's own reads and swaps are not recorded as register operations (the counter is judged as a counter),
    // but its conflicts are counted.
    public ICasCounter Counter(string key, ResiliencePipeline<(string, long)?> retry) =>
        new InstrumentedCounter(new CasCounter(new InstrumentedRegister(Inner.Register(key), recorder: null), retry), Recorder);

    public Task<LockHolder?> HolderAsync(string name, CancellationToken cancellationToken = default) => Inner.HolderAsync(name, cancellationToken);

    public Task<IReadOnlyList<LockHolder>> HoldersAsync(string prefix, CancellationToken cancellationToken = default) => Inner.HoldersAsync(prefix, cancellationToken);

    public async IAsyncEnumerable<LeaderInfo?> ObserveLeaderAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var leader in Inner.ObserveLeaderAsync(name, cancellationToken))
        {
            Recorder?.Event(HistoryOps.LeaderObserved, name, leader?.Value, leader?.Term);
            yield return leader;
        }
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
