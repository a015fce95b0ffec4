using System.CommandLine;
using System.Globalization;
using ResilienceLab.Chaos.Mutation;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Workers;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab mutants [plans…] [--seeds N] [--only bug,…]</c>: the mutation harness. Switches on one seeded bug at a time
/// (<see cref="SeededBug"/>) and runs the plans that expect to pass in the simulation, seed by seed, until a plan fails;
/// prints a table (bug, the plan and checks that caught it, seeds to the first failure) and <c>mutants caught: K/N</c>.
/// Exit 0 when every bug was caught within the budget, 1 when one survived, 2 on bad input.
/// </summary>
public static class MutantsCommand
{
    /// <summary>The System.CommandLine command.</summary>
    public static Command Create()
    {
        var plans = new Argument<string[]>("plans") { Description = "Plan files or directories (default: chaos-plans/)", Arity = ArgumentArity.ZeroOrMore };
        var seeds = new Option<int>("--seeds") { Description = "Seed budget per bug (each seed runs every plan)", DefaultValueFactory = _ => MutantHuntConstants.DefaultSeedBudget };
        var from = new Option<long>("--from") { Description = "The first seed", DefaultValueFactory = _ => 1 };
        var only = new Option<string[]>("--only") { Description = "Hunt only these bugs (kebab-case names, comma-separated)", AllowMultipleArgumentsPerToken = true };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("mutants", "Mutation harness: apply each seeded bug in turn and report which plan and check catch it, within how many seeds (exit 0 all caught, 1 a bug survived, 2 bad input)")
        {
            plans, seeds, from, only, parallel,
        };
        command.SetAction(result => Run(
            result.GetValue(plans) is { Length: > 0 } given ? given : ["chaos-plans"],
            result.GetValue(seeds),
            result.GetValue(from),
            result.GetValue(only) ?? [],
            result.GetValue(parallel),
            result.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Runs the harness; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, int seeds, long from, IReadOnlyList<string> only, int parallel, TextWriter output)
    {
        var options = new MutantHuntOptions { SeedBudget = seeds, FirstSeed = from, Parallelism = parallel };
        try
        {
            options.Validate();
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException e)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var bugs = new List<SeededBug>();
        foreach (var name in only.SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!PlanNames.TryParse<SeededBug>(name, out var bug) || bug == SeededBug.None)
            {
                output.WriteLine($"error: --only: unknown seeded bug '{name}'; expected one of {string.Join(", ", MutantHunt.AllBugs().Select(PlanNames.Of))}");
                return ExitCodes.BadInput;
            }

            bugs.Add(bug);
        }

        if (bugs.Count == 0)
        {
            bugs.AddRange(MutantHunt.AllBugs());
        }

        var (files, bad) = ValidateCommand.Expand(paths, output);
        var plans = new List<ChaosPlan>();
        foreach (var file in files)
        {
            if (PlanLoading.Load(file, output) is { } plan)
            {
                plans.Add(plan);
            }
            else
            {
                bad++;
            }
        }

        if (bad > 0 || plans.Count == 0)
        {
            output.WriteLine("error: no plans to run (or a plan is invalid)");
            return ExitCodes.BadInput;
        }

        var passing = plans.Where(p => p.Expect == PlanExpectation.Pass).ToList();
        output.WriteLine($"hunting {bugs.Count} seeded bug(s) with {passing.Count} plan(s) that expect to pass ({string.Join(", ", passing.Select(p => p.Metadata.Name))}), up to {seeds} seeds each from seed {from}");
        var verdicts = new List<MutantVerdict>();
        foreach (var bug in bugs)
        {
            var verdict = MutantHunt.Hunt(bug, plans, options, line =>
            {
                lock (output)
                {
                    output.WriteLine(line);
                }
            });
            verdicts.Add(verdict);
            output.WriteLine(verdict.Caught
                ? $"{PlanNames.Of(bug)}: caught at seed {verdict.SeedsToFailure} by {verdict.Plan} ({string.Join(", ", verdict.Checks)}); replay: reslab simulate {passing.First(p => p.Metadata.Name == verdict.Plan).SourceFile} --seeds 1 --from {verdict.Seed} --seeded-bug {PlanNames.Of(bug)}"
                : $"{PlanNames.Of(bug)}: SURVIVED {seeds} seeds ({verdict.Runs} runs)");
        }

        output.WriteLine();
        output.WriteLine("| variant | caught by (plan: checks) | seeds to first failure |");
        output.WriteLine("|---|---|---|");
        foreach (var v in verdicts)
        {
            output.WriteLine(v.Caught
                ? $"| {PlanNames.Of(v.Bug)} | {v.Plan}: {string.Join(", ", v.Checks)} | {v.SeedsToFailure} (seed {v.Seed}) |"
                : $"| {PlanNames.Of(v.Bug)} | — survived | > {seeds} |");
        }

        var caught = verdicts.Count(v => v.Caught);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mutants caught: {caught}/{verdicts.Count}"));
        return caught == verdicts.Count ? ExitCodes.Pass : ExitCodes.CheckFailed;
    }
}
