using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// What the workers of one replica share: the coordination backend (etcd or NATS), the clock, the history recorder,
/// the seeded random source, and the replica's one session (recreated after it is lost, as etcd's recipes expect).
/// The backend is instrumented with the recorder: the primitives record the history; the workers record only their
/// own domain events (process start, ready, stop) and the deliberate bugs of the negative controls.
/// </summary>
public sealed class ReplicaRuntime
{
    public ReplicaRuntime(ICoordinationBackend coordination, TimeProvider timeProvider, HistoryRecorder recorder, ReplicaOptions options, DeterministicRandom random)
    {
        Uninstrumented = coordination;
        Coordination = coordination.WithInstrumentation(timeProvider, recorder);
        Time = timeProvider;
        Recorder = recorder;
        Options = options;
        Random = random;
        Sessions = new CoordinationSessionProvider(Coordination, new SessionOptions { Ttl = options.LockTtl, Bug = RecipeBugOf(options.SeededBug) }, timeProvider, random.Fork("session"));
    }

    private readonly TaskCompletionSource _ready = new();

    /// <summary>The backend every worker of the replica coordinates through; its primitives record their own history.</summary>
    public ICoordinationBackend Coordination { get; }

    /// <summary>The backend without recording: only the negative controls use it, to write as buggy code would (unrecorded by the primitives).</summary>
    internal ICoordinationBackend Uninstrumented { get; }

    public TimeProvider Time { get; }

    public HistoryRecorder Recorder { get; }

    public ReplicaOptions Options { get; }

    public DeterministicRandom Random { get; }

    public string Name => Options.Name;

    /// <summary>The replica's one session (the packages' <see cref="CoordinationSessionProvider"/>).</summary>
    public CoordinationSessionProvider Sessions { get; }

    /// <summary>Completes once the startup state is loaded; workers start after it.</summary>
    public Task Ready => _ready.Task;

    internal void MarkReady() => _ready.TrySetResult();

    /// <summary>The live session, opening a new one (retrying while the store is unavailable) if there is none or it was lost.</summary>
    public Task<ICoordinationSession> GetSessionAsync(CancellationToken cancellationToken) => Sessions.GetSessionAsync(cancellationToken);

    /// <summary>The recipes' part of a seeded bug (the workers' own bugs are theirs).</summary>
    private static RecipeBug RecipeBugOf(SeededBug bug) => bug switch
    {
        SeededBug.SessionLostOnlyOnLeaseNotFound => RecipeBug.SessionLostOnlyOnLeaseNotFound,
        SeededBug.KeepAliveIntervalEqualsTtl => RecipeBug.KeepAliveIntervalEqualsTtl,
        SeededBug.KeepAliveStopsAfterError => RecipeBug.KeepAliveStopsAfterError,
        SeededBug.LostSessionHandedOut => RecipeBug.LostSessionHandedOut,
        SeededBug.LockIgnoresSessionLoss => RecipeBug.LockIgnoresSessionLoss,
        SeededBug.LeadershipIgnoresSessionLoss => RecipeBug.LeadershipIgnoresSessionLoss,
        SeededBug.LockHeadByKeyOrder => RecipeBug.LockHeadByKeyOrder,
        SeededBug.CampaignSkipsWait => RecipeBug.CampaignSkipsWait,
        _ => RecipeBug.None,
    };

    /// <summary>Graceful stop: revoke the session's lease so every lock and leadership of this replica is freed at once.</summary>
    public Task CloseAsync(CancellationToken cancellationToken) => Sessions.CloseAsync(cancellationToken);
}
