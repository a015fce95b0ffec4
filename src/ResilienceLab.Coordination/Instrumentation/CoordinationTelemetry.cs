namespace ResilienceLab.Coordination;

/// <summary>
/// The names under which the coordination primitives publish telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/>
/// and one <see cref="System.Diagnostics.ActivitySource"/>, both called <see cref="Name"/>. Subscribe with
/// OpenTelemetry (<c>AddMeter(CoordinationTelemetry.Name)</c>, <c>AddSource(CoordinationTelemetry.Name)</c>) or a MeterListener.
/// </summary>
public static class CoordinationTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "ResilienceLab.Coordination";

    /// <summary>Counter: lock acquisition attempts, tagged <c>lock</c> and <c>outcome</c> (acquired, busy, failed, cancelled).</summary>
    public const string LockAcquisitions = "reslab.lock.acquisitions";

    /// <summary>Histogram (seconds): how long a lock was held, from acquisition to release or loss, tagged <c>lock</c> and <c>end</c>.</summary>
    public const string LockHoldTime = "reslab.lock.hold_time";

    /// <summary>Counter: locks lost while held (lease expired, key deleted), tagged <c>lock</c>.</summary>
    public const string LocksLost = "reslab.lock.lost";

    /// <summary>Counter: fenced writes the fence rejected (a stale holder or deposed leader tried to write), tagged <c>kind</c> (lock, leader).</summary>
    public const string FencedWritesRejected = "reslab.fenced_write.rejected";

    /// <summary>Counter: elections won, tagged <c>election</c>.</summary>
    public const string ElectionsWon = "reslab.election.won";

    /// <summary>Counter: compare-and-swap attempts that found the key moved (a concurrent writer), tagged <c>key</c>.</summary>
    public const string CasConflicts = "reslab.cas.conflicts";

    /// <summary>Counter: mutations whose outcome is unknown (sent, reply lost), tagged <c>operation</c>.</summary>
    public const string IndeterminateOutcomes = "reslab.store.indeterminate";
}
