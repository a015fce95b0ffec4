using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.History;
using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>One run of a plan on the local target: what the controller did, the checkers' verdict, and how long it took on the wall clock.</summary>
internal sealed record PlanRunOutcome(ChaosPlan Plan, ChaosRunResult Run, Verdict Verdict, TimeSpan WallTime, string RunDirectory)
{
    /// <summary>The merged history the checkers read (every replica's file plus the chaos events).</summary>
    public MergedHistory History => Verdict.History;

    /// <summary>The result of the check named <paramref name="name"/> (e.g. "mutual-exclusion"); fails the test when absent.</summary>
    public CheckResult Check(string name) =>
        Verdict.Results.FirstOrDefault(r => r.Name == name) ?? throw new Xunit.Sdk.XunitException($"no '{name}' result in the verdict ({string.Join(", ", Verdict.Results.Select(r => r.Name))})");

    /// <summary>Every check and probe result, one per line, with the counterexamples of failed checks: the message of a failed assertion.</summary>
    public string Describe() => PlanRunner.Describe(this);
}
