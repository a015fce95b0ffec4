using ResilienceLab.Benchmarks.Simulation;

namespace ResilienceLab.Benchmarks.Tests;

public sealed class PlanVariantsTests
{
    private static readonly string SmokePath = PlanVariants.Locate(BenchmarkConstants.SmokePlanPath);

    [Fact]
    public void WithReplicas_500_LoadsAndValidates()
    {
        var plan = PlanVariants.WithReplicas(File.ReadAllText(SmokePath), SmokePath, 500);

        Assert.Equal(500, plan.Target.Replicas);
    }

    [Fact]
    public void Stretched_Half_ScalesTheWholeTimeline()
    {
        var plan = PlanVariants.Load(SmokePath);

        var half = PlanVariants.Stretched(plan, plan.Workload.Duration / 2);

        Assert.Equal(plan.Workload.Duration / 2, half.Workload.Duration);
        Assert.Equal(plan.Workload.Tasks.Steps / 2, half.Workload.Tasks.Steps);
        Assert.All(plan.Schedule.Zip(half.Schedule), p =>
        {
            Assert.Equal(p.First.At / 2, p.Second.At);
            Assert.Equal(p.First.Every / 2, p.Second.Every);
            Assert.Equal(p.First.Jitter / 2, p.Second.Jitter);
        });
    }

    [Fact]
    public void Locate_Missing_SaysWhereItLooked()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PlanVariants.Locate("chaos-plans/no-such-plan.yaml"));

        Assert.Contains("no-such-plan.yaml", error.Message, StringComparison.Ordinal);
    }
}
