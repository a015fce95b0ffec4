using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;

namespace ResilienceLab.Chaos.Actions;

/// <summary>What an action may use: the target and the run's seeded random source.</summary>
public sealed record ActionContext(IChaosTarget Target, DeterministicRandom Random);
