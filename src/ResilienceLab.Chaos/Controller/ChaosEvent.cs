namespace ResilienceLab.Chaos.Controller;

/// <summary>A step firing (or its undo, or a probe result) as the live view shows it.</summary>
public sealed record ChaosEvent(TimeSpan At, string Step, string Action, string Target, string Outcome);
