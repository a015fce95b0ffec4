namespace ResilienceLab.Verification.Checkers.LostUpdates;

/// <summary>Options of <see cref="LostUpdatesCheck"/>.</summary>
public sealed class LostUpdatesOptions
{
    /// <summary>The counter's value before the run, unless a read that completed before any increment was invoked says otherwise.</summary>
    public long InitialValue { get; set; } = LostUpdatesConstants.DefaultInitialValue;
}
