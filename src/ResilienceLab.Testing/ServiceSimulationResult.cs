using System.Globalization;
using System.Text;

namespace ResilienceLab.Testing;

/// <summary>The seeds a <see cref="ServiceSimulation"/> ran, in seed order.</summary>
public sealed class ServiceSimulationResult
{
    public required string PlanPath { get; init; }

    public required IReadOnlyList<SeedResult> Seeds { get; init; }

    /// <summary>Real time for all seeds.</summary>
    public required TimeSpan Elapsed { get; init; }

    public bool Passed => Seeds.All(s => s.Passed);

    /// <summary>The lowest failing seed, or null.</summary>
    public SeedResult? FirstFailure => Seeds.FirstOrDefault(s => !s.Passed);

    /// <summary>Virtual seconds simulated per real second, over all seeds (the simulation's speed on this machine).</summary>
    public double VirtualSecondsPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Seeds.Sum(s => s.VirtualTime.TotalSeconds) / Elapsed.TotalSeconds;

    /// <summary>A report a test failure can show: the first failing seed, its check and violation, and how to replay it.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var failure = FirstFailure;
        text.Append(CultureInfo.InvariantCulture, $"{Seeds.Count} seed(s) of {PlanPath}: {Seeds.Count(s => s.Passed)} passed, {Seeds.Count(s => !s.Passed)} failed ({VirtualSecondsPerSecond:0}× real time)");
        if (failure is null)
        {
            return text.ToString();
        }

        text.AppendLine().Append(CultureInfo.InvariantCulture, $"first failing seed: {failure.Seed}");
        if (failure.FirstFailedCheck is { } check)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"check {check.Name} failed: {check.Summary}");
            foreach (var violation in check.Violations.Take(3))
            {
                text.AppendLine().Append("  - ").Append(violation.Message);
            }
        }

        if (failure.FirstEscape is { } escape)
        {
            text.AppendLine().Append("the run left the simulation's loop, so it may not replay from its seed. ")
                .Append("Use the injected TimeProvider (Task.Delay(delay, timeProvider, token)) instead of the wall clock or Thread.Sleep, ")
                .Append("the injected DeterministicRandom instead of Random, plain awaits instead of Task.Run, ConfigureAwait(false) or SemaphoreSlim. ")
                .Append("The first continuation that escaped came from:").AppendLine().Append(escape);
        }

        text.AppendLine().Append(CultureInfo.InvariantCulture, $"replay: new ServiceSimulationOptions {{ FirstSeed = {failure.Seed}, Seeds = 1 }}");
        return text.ToString();
    }
}
