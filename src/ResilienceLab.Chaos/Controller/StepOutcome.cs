namespace ResilienceLab.Chaos.Controller;

/// <summary>What one firing of a step did: whom it hit, for which role, whether the store confirmed the role, or why it failed.</summary>
public sealed record StepOutcome(string Step, string Action, TimeSpan At, string? Target, string? Role, bool? RoleVerified, string? Evidence, string? Error)
{
    /// <summary>The step did what the plan meant: no error, and the role (if any) was confirmed by the store.</summary>
    public bool Succeeded => Error is null && RoleVerified != false;
}
