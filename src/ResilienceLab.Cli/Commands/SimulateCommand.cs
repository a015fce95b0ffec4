using System.Collections.Concurrent;
using System.CommandLine;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Reporting;
using ResilienceLab.Reporting.Summary;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab simulate &lt;plan&gt; --seeds N [--from S] [--parallel P] [--keep-going] --report &lt;dir&gt;</c>: runs the plan's
/// experiment in the deterministic simulation (whatever its target: replicas, store and faults are simulated) once
/// per seed, in parallel, and stops at the first failing seed (or keeps going). Prints the command that replays a
/// failing seed; that seed's report, with the full timeline, goes to the report directory, beside a summary of every
/// seed (summary.html/.md/.json, junit.xml, runs.json) and the reports of the failing seeds (seeds/seed-N/, up to a cap).
/// With <c>--shard i/N</c> it runs only its share of the seeds (offsets i, i + N, …), so N machines split a range and
/// <c>reslab merge</c> joins their report directories into one verdict.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "The chaos plan to simulate" };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds to run", DefaultValueFactory = _ => 1 };
        var from = new Option<long?>("--from") { Description = "The first seed (default: the plan's target.seed)" };
        var parallel = new Option<int>("--parallel") { Description = "Seeds run at once (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Run every seed even after one fails" };
        var report = new Option<string?>("--report") { Description = "Directory for the reports (report.json, junit.xml, report.md, report.html, history.jsonl)" };
        var shard = new Option<string?>("--shard") { Description = "Run only shard INDEX/COUNT of the seeds (0-based: offsets INDEX, INDEX+COUNT, …); merge the shards' reports with reslab merge", HelpName = "index/count" };
        var service = new Option<string?>("--service")
        {
            Description = "Your own service (workload.service: external): the .dll holding its IServiceSimulationSetup (e.g. your simulation tests), optionally :<full type name>",
        };
        var serviceConfig = new Option<string[]>("--service-config") { Description = "With --service: KEY=VALUE in every replica's configuration (repeatable), e.g. Billing:MaxBatches=40" };
        var lockTtl = new Option<string?>("--lock-ttl") { Description = "With --service: the session TTL of every replica, which the checks judge take-over by (e.g. 3s; default: the plan's)" };
        var seededBug = new Option<string?>("--seeded-bug") { Description = "Mutation testing: switch on one seeded bug in every replica (see reslab mutants)", Hidden = true };
        var command = new Command("simulate", "Run a plan in the deterministic simulation over many seeds (exit 0 all pass, 1 a seed failed, 2 bad plan)")
        {
            plan, seeds, from, parallel, keepGoing, report, service, serviceConfig, lockTtl, shard, seededBug,
        };
        command.SetAction(result => Run(
            result.GetValue(plan)!,
            result.GetValue(seeds),
            result.GetValue(from),
            result.GetValue(parallel),
            result.GetValue(keepGoing),
            result.GetValue(report),
            result.InvocationConfiguration.Output,
            ServiceRun.Parse(result.GetValue(service), result.GetValue(serviceConfig) ?? [], result.GetValue(lockTtl)),
            result.GetValue(shard),
            result.GetValue(seededBug)));
        return command;
    }

    public static int Run(string planPath, int seeds, long? from, int parallel, bool keepGoing, string? reportDir, TextWriter output, ServiceRun? service = null, string? shardText = null, string? seededBug = null)
    {
        if (seeds < 1 || parallel < 1)
        {
            output.WriteLine("error: --seeds and --parallel must be at least 1");
            return ExitCodes.BadInput;
        }

        var shard = SeedShard.All;
        if (shardText is not null)
        {
            if (SeedShard.Parse(shardText, out var shardError) is not { } parsed)
            {
                output.WriteLine($"error: --shard {shardError}");
                return ExitCodes.BadInput;
            }

            shard = parsed;
        }

        var bug = Workers.SeededBug.None;
        if (seededBug is not null && !PlanNames.TryParse(seededBug, out bug))
        {
            output.WriteLine($"error: --seeded-bug: unknown seeded bug '{seededBug}'; expected one of {string.Join(", ", PlanNames.All<Workers.SeededBug>())}");
            return ExitCodes.BadInput;
        }

        var plan = PlanLoading.Load(planPath, output);
        if (plan is null)
        {
            return ExitCodes.BadInput;
        }

        // A team's service: its setup loaded (and every problem with it reported) before any seed runs.
        Func<long, SimulationOutcome> runSeed;
        try
        {
            runSeed = service is null ? RunReference(plan, bug) : service.Runner(plan, planPath);
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        using var destination = ReportDestinations.Claim(reportDir, output);
        if (reportDir is not null && destination is null)
        {
            return ExitCodes.BadInput;
        }

        var first = from ?? plan.Target.Seed;
        var offsets = shard.Offsets(seeds).ToList();
        var share = shard == SeedShard.All ? string.Empty : $" (shard {shard}: {offsets.Count} of them)";
        output.WriteLine($"simulating {plan.Metadata.Name}: {plan.Target.Replicas} replicas, {plan.Workload.Duration.TotalSeconds:0.#} virtual s, seeds {first}..{first + seeds - 1}{share}, {parallel} at a time");
        var failures = new ConcurrentDictionary<long, SimulationOutcome>();
        var done = 0;
        var virtualTicks = 0L;
        SimulationOutcome? firstOutcome = null;
        var stop = false;
        var summary = reportDir is null ? null : new SeedSummary(plan.Metadata.Name, reportDir);

        // Measured like `reslab bench` measures its seeds (CPU, GC pauses, allocation), so the two can be compared.
        var cost = SeedCost.Measure(TimeProvider.System, () =>
        {
            Parallel.ForEach(offsets, new ParallelOptions { MaxDegreeOfParallelism = parallel }, (i, state) => RunSeed(i, state));
            return (done, done - failures.Count, TimeSpan.FromTicks(virtualTicks));
        });

        void RunSeed(int i, ParallelLoopState state)
        {
            if (Volatile.Read(ref stop))
            {
                state.Stop();
                return;
            }

            var seed = first + i;
            var outcome = runSeed(seed);
            Interlocked.Add(ref virtualTicks, outcome.VirtualTime.Ticks);
            summary?.Add(seed, outcome.Verdict);
            if (i == offsets[0])
            {
                firstOutcome = outcome;
            }

            if (!outcome.Verdict.Passed)
            {
                failures[seed] = outcome;
                if (!keepGoing)
                {
                    Volatile.Write(ref stop, true);
                }
            }

            var count = Interlocked.Increment(ref done);
            if (count == offsets.Count || count % Math.Max(1, offsets.Count / 10) == 0 || !outcome.Verdict.Passed)
            {
                lock (output)
                {
                    output.WriteLine($"  {count}/{offsets.Count} seeds, {failures.Count} failing{(outcome.Verdict.Passed ? string.Empty : $" (seed {seed} failed: {string.Join(", ", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => r.Name))})")}");
                }
            }
        }

        var wall = cost.Wall;
        output.WriteLine($"{done} seed(s) in {wall.TotalSeconds:0.##} s wall ({done / Math.Max(wall.TotalMinutes, 1e-9):0} seeds/min, {TimeSpan.FromTicks(virtualTicks).TotalSeconds / Math.Max(wall.TotalSeconds, 1e-9):0}x real time)");
        output.WriteLine($"cost: {cost.Describe()}");

        var failing = failures.OrderBy(f => f.Key).Select(f => f.Value).ToList();
        var shown = failing.FirstOrDefault() ?? firstOutcome;
        if (reportDir is not null && shown is not null)
        {
            ReportWriter.WriteAll(reportDir, shown.Verdict);
            output.WriteLine($"report for seed {shown.Seed}: {Path.GetFullPath(reportDir)}");
        }

        if (summary is not null)
        {
            var properties = new Dictionary<string, string> { ["plan"] = planPath, ["seeds"] = $"{first}..{first + seeds - 1}", ["run"] = done.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (service is not null)
            {
                // The merge of shards prints replay lines too: they need the service's options as much as this run's do.
                properties[ServiceRun.Property] = service.Arguments();
            }

            if (shard != SeedShard.All)
            {
                properties[SeedShard.Property] = shard.ToString();
            }

            var files = summary.Write(properties, seed => $"reslab simulate {planPath}{service?.Arguments()} --seeds 1 --from {seed} --report {reportDir}/seeds/seed-{seed}");
            output.WriteLine($"summary of {done} seed(s): {Path.GetFullPath(files.Html)} (a report per failing seed in {Path.Combine(reportDir!, SeedSummary.SeedsDirectory)}/)");
        }

        if (failing.Count == 0)
        {
            output.WriteLine($"PASS: all {done} seed(s) passed every check{Expectation(plan, passed: true)}");
            return ExitCodes.Pass;
        }

        foreach (var outcome in failing.Take(5))
        {
            output.WriteLine($"FAIL seed {outcome.Seed}:");
            foreach (var result in outcome.Verdict.Results.Where(r => !r.Passed))
            {
                output.WriteLine($"  {result.Name}: {result.Summary}");
                foreach (var line in (result.Counterexample ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6))
                {
                    output.WriteLine($"    {line.TrimEnd()}");
                }
            }
        }

        var replay = failing[0].Seed;
        output.WriteLine($"FAIL: {failing.Count} of {done} seed(s) failed{Expectation(plan, passed: false)}");
        output.WriteLine($"replay: reslab simulate {planPath}{service?.Arguments()} --seeds 1 --from {replay} --report {reportDir ?? "reports/seed-" + replay}");
        return ExitCodes.CheckFailed;
    }

    private static Func<long, SimulationOutcome> RunReference(ChaosPlan plan, Workers.SeededBug bug) =>
        plan.Workload.Service == WorkloadService.External
            ? throw new ArgumentException($"{plan.Metadata.Name} runs your own service (workload.service: external): give its setup with --service <your simulation tests' .dll> (docs/your-service.md)")
            : bug == Workers.SeededBug.None ? seed => SimulationRun.Run(plan, seed) : seed => SimulationRun.Run(plan, seed, o => o.SeededBug = bug);

    private static string Expectation(ChaosPlan plan, bool passed) =>
        plan.Expect == PlanExpectation.Fail
            ? passed ? " — but this plan expects FAIL (a negative control that did not catch its bug)" : " — as this negative-control plan expects"
            : string.Empty;
}
