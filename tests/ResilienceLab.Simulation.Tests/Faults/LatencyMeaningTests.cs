using ResilienceLab.Chaos.Actions.Latency;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Simulation.Tests.Faults;

/// <summary>
/// A latency step means one thing on every target (<see cref="LatencyFault"/>): `latency` added to every store call's round
/// trip, each call's addition within ± `latencyJitter`. The proxy halves both per direction; the simulation draws per call.
/// </summary>
public sealed class LatencyMeaningTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: latency-meaning}
        target: {kind: simulation, replicas: 2, seed: 4}
        store: {kind: simulated, callTimeout: 2s}
        workload:
          duration: 20s
          tasks: {count: 1, steps: 1000, stepDuration: 20ms, lockTtl: 3s}
        schedule:
          - {name: slow, action: latency, at: 5s, duration: 10s, latency: 200ms, latencyJitter: JITTER, selector: {mode: all}}
        """;

    [Theory]
    [InlineData(200, 50)]
    [InlineData(1, 0)]
    [InlineData(3001, 999)]
    public void PerDirection_BothDirectionsTogether_AddTheRoundTripAndItsJitter(int roundTripMs, int jitterMs)
    {
        var fault = new LatencyFault(TimeSpan.FromMilliseconds(roundTripMs), TimeSpan.FromMilliseconds(jitterMs));

        var (each, eachJitter) = fault.PerDirection;

        Assert.Equal(fault.RoundTrip, each * 2);
        Assert.Equal(fault.Jitter, eachJitter * 2);
    }

    [Fact]
    public void Simulation_LatencyStepWithJitter_AddsTheRoundTripAndSpreadsItWithinTheJitter()
    {
        var durations = CommitDurationsUnderLatency("50ms");

        // 200 ms ± 50 ms on top of the simulated network's own 1 ms ± 1 ms, in whole milliseconds.
        Assert.True(durations.Count > 10, $"only {durations.Count} commits under latency");
        Assert.All(durations, d => Assert.InRange(d.TotalMilliseconds, 148, 254));
        Assert.True(durations.Max() - durations.Min() > TimeSpan.FromMilliseconds(40), $"jitter ignored: every commit took {durations.Min()}–{durations.Max()}");
    }

    [Fact]
    public void Simulation_LatencyStepWithoutJitter_AddsExactlyTheRoundTrip()
    {
        var durations = CommitDurationsUnderLatency("0ms");

        Assert.All(durations, d => Assert.InRange(d.TotalMilliseconds, 198, 204));
    }

    private static List<TimeSpan> CommitDurationsUnderLatency(string jitter)
    {
        var loaded = ChaosPlanLoader.LoadText(Plan.Replace("JITTER", jitter, StringComparison.Ordinal), "latency-meaning.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));
        var outcome = SimulationRun.Run(loaded.Plan!, loaded.Plan!.Target.Seed);
        var history = OperationHistory.From(outcome.Verdict.History);
        var start = history.Start;

        // Commits invoked well inside the fault's window (5 s – 15 s), so none straddles its start or its heal.
        return [.. history.Operations
            .Where(o => o.Op == HistoryOps.TaskCommit && o.IsOk && o.InvokeTime - start > TimeSpan.FromSeconds(6) && o.InvokeTime - start < TimeSpan.FromSeconds(14))
            .Select(o => o.CompleteTime!.Value - o.InvokeTime)];
    }
}
