using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination;
using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.Actions.ClockSkew;

/// <summary>
/// The one meaning of a <c>clock-skew</c> step on every target: from the moment it fires until healed (its duration
/// ends, or a <c>heal</c> step), the replica's clock reads <see cref="Skew"/> off the clock it had, and then drifts: it
/// advances (1 + <see cref="Drift"/>) seconds per true second, so after t it is <see cref="OffsetAfter"/>(t) off.
/// Everything the replica reads time through follows it — its <see cref="TimeProvider"/>'s <c>GetUtcNow</c> and
/// <c>GetTimestamp</c>, and its timers (<c>CreateTimer</c>, <c>Task.Delay(…, time)</c>, timed cancellation), which
/// fire when its own clock reaches their due time: its keep-alive interval, its session's TTL countdown, its call
/// deadlines. The store does not: etcd expires the replica's lease on the server's clock. Healing returns the clock to
/// the one it had (a jump by minus the offset). The replica's history stays on the clock beneath the fault, so the
/// checkers compare true times; the fault shows in what the replica did (when it renewed, when it gave up). A later step
/// replaces the earlier one. The simulation sets it on the replica's process clock (<see cref="SkewedTimeProvider"/>); a
/// worker process gets it through its fault file (<see cref="FaultFileLine"/>), which a replica that does not read that
/// file ignores.
/// </summary>
public readonly record struct ClockSkewFault(TimeSpan Skew, double Drift)
{
    /// <summary>How far the replica's clock is off the clock it had, <paramref name="elapsed"/> (true time) after the step fired.</summary>
    public TimeSpan OffsetAfter(TimeSpan elapsed) => Skew + (elapsed * Drift);

    /// <summary>The line a worker's fault file carries for this fault (<see cref="FaultFile.ApplyClock"/> reads it).</summary>
    public string FaultFileLine => FaultFile.ClockLine(Skew, Drift);

    /// <summary>Puts the fault on <paramref name="clock"/>.</summary>
    public void ApplyTo(SkewedTimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        clock.Set(Skew, Drift);
    }

    /// <summary>The step's fault: no skew and no drift unless the step says so (the loader requires one of them).</summary>
    public static ClockSkewFault Of(ChaosStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var arguments = step.ArgumentsAs<ClockSkewArguments>();
        return new ClockSkewFault(arguments.Skew, arguments.Drift);
    }
}
