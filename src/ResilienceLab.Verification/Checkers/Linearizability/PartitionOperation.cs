using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>An operation of one partition: what it does, its interval, and whether it must be linearized.</summary>
/// <param name="Model">Its effect on the model.</param>
/// <param name="Call">Invoke time (ticks, widened by the clock skew).</param>
/// <param name="Return">Completion time (ticks, widened), or long.MaxValue when open-ended.</param>
/// <param name="Required">Ok operations must take effect; info ones may or may not.</param>
/// <param name="Source">The history operation.</param>
internal sealed record PartitionOperation(ModelOperation Model, long Call, long Return, bool Required, Operation Source);
