using ResilienceLab.Chaos.Actions.ClockSkew;

namespace ResilienceLab.Chaos.Targets;

/// <summary>A target that can set a replica's clock off: the <c>clock-skew</c> action (<see cref="ClockSkewFault"/>).</summary>
public interface IReplicaClocks
{
    /// <summary>From now on the replica's clock is off as <paramref name="fault"/> says, replacing an earlier clock fault.</summary>
    Task SetClockAsync(string replica, ClockSkewFault fault, CancellationToken cancellationToken);

    /// <summary>The replica's clock back to the one it had; nothing when the replica is gone.</summary>
    Task RestoreClockAsync(string replica, CancellationToken cancellationToken);
}
