using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.TestSupport;

/// <summary>Plan texts for tests: a minimal valid plan to which sections are appended.</summary>
public static class PlanTexts
{
    public const string Header = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: test-plan

        """;

    public const string SimulationTarget = """
        target:
          kind: simulation
          replicas: 3
        store:
          kind: simulated

        """;

    public const string TasksWorkload = """
        workload:
          duration: 60s
          tasks:
            count: 1

        """;

    public const string Minimal = Header + SimulationTarget + TasksWorkload;

    /// <summary>A simulation plan with every worker enabled: tasks (3), election and counter.</summary>
    public const string FullWorkload = Header + SimulationTarget + """
        workload:
          duration: 60s
          tasks:
            count: 3
            steps: 10
            stepDuration: 500ms
            lockTtl: 3s
          election:
            ttl: 3s
          counter:
            increments: 10

        """;

    public static PlanLoadResult Load(string text, string fileName = "test-plan.yaml") => ChaosPlanLoader.LoadText(text, fileName);

    /// <summary>Loads a plan text that must load; fails the test with every diagnostic when it does not.</summary>
    public static ChaosPlan LoadPlan(string text, string fileName = "test-plan.yaml")
    {
        var result = Load(text, fileName);
        Assert.True(result.Plan is not null, $"{fileName} does not load:\n{string.Join("\n", result.Diagnostics)}");
        return result.Plan!;
    }

    /// <summary>The minimal plan plus a schedule holding <paramref name="steps"/> (indented as list items).</summary>
    public static string WithSchedule(string steps, string workload = TasksWorkload) =>
        Header + SimulationTarget + workload + "schedule:\n" + steps;
}
