using System.CommandLine;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Benchmarks.Stores;
using ResilienceLab.Cli.Commands.Compare;
using ResilienceLab.Reporting;
using ResilienceLab.Reporting.Summary;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Recovery;


namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab compare &lt;plan&gt; --stores etcd,nats --report &lt;dir&gt;</c>: runs one local plan against each store in
/// turn (the run starts the store itself: etcd with the plan's member count, or one nats-server), with the same
/// workers, schedule, seed and checkers, then measures the primitives directly on a fresh store of each kind, and
/// writes a side-by-side report (<c>comparison.md</c>, <c>comparison.json</c>), the summary page a many-seed simulate
/// writes with one run per store (summary.html/.md/.json, junit.xml with one case per check and per failing store)
/// and each run's own reports in <c>&lt;dir&gt;/&lt;store&gt;/</c>. The report directory is claimed before any store starts.
/// Exit 0 every store passed, 1 a check failed on some store, 2 bad input or a run could not complete.
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "A local chaos plan (target: local); its store section is replaced per store" };
        var stores = new Option<string>("--stores") { Description = "Comma-separated stores to compare", DefaultValueFactory = _ => "etcd,nats" };
        var report = new Option<string>("--report") { Description = "Directory for comparison.md, comparison.json and one report directory per store", Required = true };
        var seed = new Option<long?>("--seed") { Description = "Seed for schedule jitter and random selection (default: the plan's target.seed)" };
        var noBench = new Option<bool>("--no-bench") { Description = "Skip the direct measurements of the primitives (take-over after expiry, CAS throughput)" };
        var rounds = new Option<int>("--bench-rounds") { Description = "Take-over rounds per store and poll interval", DefaultValueFactory = _ => 5 };
        var command = new Command("compare", "Run one local plan against several stores and write a side-by-side report (exit 0 all pass, 1 a check failed, 2 bad input)")
        {
            plan, stores, report, seed, noBench, rounds,
        };
        command.SetAction(async (result, cancellationToken) => await RunAsync(
            result.GetValue(plan)!,
            result.GetValue(stores)!,
            result.GetValue(report)!,
            result.GetValue(seed),
            !result.GetValue(noBench),
            result.GetValue(rounds),
            result.InvocationConfiguration.Output,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string planPath, string storeList, string reportDir, long? seed, bool bench, int rounds, TextWriter output, CancellationToken cancellationToken)
    {
        var plan = PlanLoading.Load(planPath, output);
        if (plan is null)
        {
            return ExitCodes.BadInput;
        }

        if (plan.Target.Kind != TargetKind.Local)
        {
            output.WriteLine($"{planPath}: error: compare runs worker processes on this machine against stores it starts itself; the plan's target is {PlanNames.Of(plan.Target.Kind)}, expected local");
            return ExitCodes.BadInput;
        }

        if (ParseStores(storeList, output) is not { } kinds || rounds < 1)
        {
            if (rounds < 1)
            {
                output.WriteLine("error: --bench-rounds must be at least 1");
            }

            return ExitCodes.BadInput;
        }

        // Claimed before any store starts: an unusable directory, or one another run holds, is found in a second, not after the runs.
        using var destination = ReportDestinations.Claim(reportDir, output);
        if (destination is null)
        {
            return ExitCodes.BadInput;
        }

        var runSeed = seed ?? plan.Target.Seed;
        var outcomes = new List<StoreOutcome>();
        foreach (var kind in kinds)
        {
            outcomes.Add(await RunStoreAsync(StorePlan.For(plan, kind), runSeed, Path.Combine(reportDir, PlanNames.Of(kind)), output, cancellationToken));
        }

        var benches = new List<StorePrimitives>();
        if (bench)
        {
            foreach (var kind in kinds)
            {
                output.WriteLine($"measuring the primitives on a fresh {PlanNames.Of(kind)} ({rounds} take-over round(s) per variant):");
                try
                {
                    benches.Add(await StoreBenchmark.MeasureAsync(kind, rounds, TimeSpan.FromSeconds(2), output.WriteLine, cancellationToken));
                }
                catch (Exception e) when (e is Coordination.StoreException or InvalidOperationException or TimeoutException or Hosting.EtcdStartException or Hosting.NatsStartException)
                {
                    output.WriteLine($"  skipped: {e.Message}");
                }
            }
        }

        var (markdown, json) = ComparisonReport.Write(reportDir, plan, runSeed, outcomes, benches);
        var summary = Summarize(plan, planPath, runSeed, outcomes, reportDir);
        foreach (var outcome in outcomes)
        {
            output.WriteLine($"{PlanNames.Of(outcome.Store),-5} {outcome.Status}{(outcome.Error is null ? "" : $": {outcome.Error}")}");
        }

        output.WriteLine($"comparison: {Path.GetFullPath(markdown)}, {Path.GetFullPath(json)}; summary: {Path.GetFullPath(summary.Html)}, {Path.GetFullPath(summary.JUnit)}");
        return outcomes.Any(o => o.Verdict is null) ? ExitCodes.BadInput
            : outcomes.All(o => o.Verdict!.Passed) ? ExitCodes.Pass
            : ExitCodes.CheckFailed;
    }

    // The same summary page and JUnit file a many-seed simulate writes, one run per store (all on the same seed).
    private static SummaryFiles Summarize(ChaosPlan plan, string planPath, long seed, IReadOnlyList<StoreOutcome> outcomes, string reportDir)
    {
        var summary = new SeedSummary(plan.Metadata.Name, reportDir, command: "compare");
        foreach (var outcome in outcomes)
        {
            var store = PlanNames.Of(outcome.Store);
            summary.Include(outcome.Verdict is { } verdict
                ? SeedRun.Of(seed, verdict, reportDirectory: Path.GetRelativePath(reportDir, outcome.ReportDirectory), label: store)
                : new SeedRun
                {
                    Seed = seed,
                    Label = store,
                    Status = CheckStatus.Inconclusive,
                    Checks = [],
                    FirstViolation = $"the run could not complete: {outcome.Error}",
                    Recovery = new RecoveryFigures { TakeOver = [], Failover = [], Resumption = [] },
                });
        }

        var properties = new Dictionary<string, string>
        {
            ["plan"] = planPath,
            ["seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["stores"] = string.Join(",", outcomes.Select(o => PlanNames.Of(o.Store))),
            ["replay a store"] = $"reslab compare {planPath} --stores STORE --seed {seed} --no-bench --report DIR",
        };
        return summary.Write(properties);
    }

    private static async Task<StoreOutcome> RunStoreAsync(StorePlan storePlan, long seed, string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var plan = storePlan.Plan;
        output.WriteLine($"running {plan.Metadata.Name} against {PlanNames.Of(storePlan.Kind)}: {plan.Target.Replicas} replicas, {plan.Workload.Duration.TotalSeconds:0.#} s");
        foreach (var (step, why) in storePlan.Skipped)
        {
            output.WriteLine($"  step '{step}' left out: {why}");
        }

        var runDirectory = Path.Combine(directory, "run");
        Directory.CreateDirectory(runDirectory);
        try
        {
            var view = RunView.For(output, $"{plan.Metadata.Name} on {PlanNames.Of(storePlan.Kind)}", plan.Workload.Duration, live: true);
            var options = new ChaosRunOptions { OnEvent = view.OnEvent, OnSnapshot = view.OnSnapshot };
            var (run, verdict) = await view.RunAsync(() => LocalPlanRun.RunAsync(plan, seed, options, runDirectory, cancellationToken: cancellationToken));
            ReportWriter.WriteAll(directory, verdict);
            VerdictPrinter.Print(verdict, output);
            return new StoreOutcome(storePlan.Kind, verdict, run, RunMetrics.From(verdict, storePlan.Skipped), directory, null);
        }
        catch (PlanRunException e)
        {
            output.WriteLine($"error: {e.Message}");
            return new StoreOutcome(storePlan.Kind, null, null, null, directory, e.Message);
        }
    }

    private static List<StoreKind>? ParseStores(string text, TextWriter output)
    {
        var kinds = new List<StoreKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name.Equals("etcd", StringComparison.OrdinalIgnoreCase))
            {
                kinds.Add(StoreKind.Etcd);
            }
            else if (name.Equals("nats", StringComparison.OrdinalIgnoreCase))
            {
                kinds.Add(StoreKind.Nats);
            }
            else
            {
                output.WriteLine($"error: --stores: '{name}' is not a store compare can start; use etcd and/or nats (the simulated store cannot run worker processes)");
                return null;
            }
        }

        if (kinds.Count == 0)
        {
            output.WriteLine("error: --stores is empty; e.g. --stores etcd,nats");
            return null;
        }

        return [.. kinds.Distinct()];
    }
}
