namespace ResilienceLab.Chaos.Plans;

/// <summary>The plan's identity: <see cref="Name"/> names reports and test cases.</summary>
/// <param name="Name">A lowercase name of letters, digits and '-', at most 63 characters.</param>
/// <param name="Description">What the experiment shows, in prose.</param>
public sealed record PlanMetadata(string Name, string? Description);
