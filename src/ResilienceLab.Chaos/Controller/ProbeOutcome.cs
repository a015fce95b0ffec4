namespace ResilienceLab.Chaos.Controller;

/// <summary>A probe's result: how often it was evaluated, whether the steady state held within tolerance, and the failure note.</summary>
public sealed record ProbeOutcome(string Probe, string Kind, string Mode, bool Passed, int Evaluations, TimeSpan LongestOutage, string Note);
