using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Verification;
using Xunit.Abstractions;

namespace Billing.Tests;

/// <summary>
/// plans/billing-local.yaml as a team runs it with <c>reslab run</c>: three billing-service processes started from the
/// plan's <c>target.replica</c> command against a real etcd the run starts, batch-lock holders paused past their lease by
/// role (lock prefix <c>/billing/locks/</c>), the scheduler paused and killed by role (election <c>/billing/scheduler</c>).
/// </summary>
public sealed class BillingLocalPlanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BillingLocalPlan_CorrectService_PassesEveryCheck()
    {
        var verdict = await RunAsync();

        Assert.True(verdict.Passed, Describe(verdict));
        Assert.Contains(verdict.Results, r => r.Name == "mutual-exclusion" && r.Status == CheckStatus.Passed);
        Assert.Contains(verdict.Results, r => r.Name == "lost-updates" && r.Status == CheckStatus.Passed);
    }

    [Fact]
    public async Task BillingLocalPlan_UnfencedTwin_FailsMutualExclusionWithAStaleWrite()
    {
        var verdict = await RunAsync(new Dictionary<string, string> { ["BILLING_Billing__UnfencedCheckpoints"] = "true" });

        var check = verdict.Results.Single(r => r.Name == "mutual-exclusion");
        Assert.True(check.Status == CheckStatus.Failed, Describe(verdict));
        Assert.Contains(check.Violations, v => v.Kind is "write-after-newer-holder" or "stale-write");
    }

    private async Task<Verdict> RunAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var loaded = ChaosPlanLoader.LoadFile(SourcePlan());
        var plan = Assert.IsType<ChaosPlan>(loaded.Plan);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4), TimeProvider.System);
        var (run, verdict) = await LocalPlanRun.RunAsync(Runnable(plan), plan.Target.Seed, new ChaosRunOptions(), environment: environment, cancellationToken: limit.Token);
        output.WriteLine(Describe(verdict));
        Assert.All(run.Steps, s => Assert.True(s.Succeeded, $"step {s.Step} at {s.At}: {s.Error}"));
        return verdict;
    }

    /// <summary>The plan as checked in (its command runs the Release build); built in another configuration, the copy of the service beside this test.</summary>
    private static ChaosPlan Runnable(ChaosPlan plan)
    {
        var replica = plan.Target.Replica!;
        var command = ReplicaCommand.FromPlan(replica, Path.GetDirectoryName(plan.SourceFile)!);
        if (command.GetValidationErrors().Count == 0)
        {
            return plan;
        }

        var copy = Path.Combine(AppContext.BaseDirectory, "billing-service.dll");
        return plan with { Target = plan.Target with { Replica = replica with { Command = ["dotnet", copy] } } };
    }

    private static string SourcePlan()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "plans", "billing-local.yaml");
            if (File.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "src", "Billing.Service")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/Billing/plans/billing-local.yaml not found above " + AppContext.BaseDirectory);
    }

    private static string Describe(Verdict verdict) =>
        string.Join(Environment.NewLine, verdict.Results.Select(r => $"{r.Status} {r.Name}: {r.Summary}{string.Concat(r.Violations.Take(3).Select(v => Environment.NewLine + "    " + v.Message))}"));
}
