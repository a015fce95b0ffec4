using System.CommandLine;
using System.Globalization;
using ResilienceLab.Reporting.Summary;
using ResilienceLab.Verification;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab merge &lt;report dirs or runs.json…&gt; --report &lt;dir&gt;</c>: joins the results of <c>reslab simulate</c>
/// runs over parts of one seed range — the shards of a Kubernetes Indexed Job (<c>--shard i/N</c>) — into one summary
/// (summary.html/.md/.json, junit.xml, runs.json, the failing seeds' reports) and one verdict. Exit 0 every seed
/// passed, 1 a seed failed or was inconclusive, 2 bad input: unreadable results, different plans, a seed twice, or a
/// shard missing (a verdict over part of the range would read as a pass it is not).
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var results = new Argument<string[]>("results")
        {
            Description = "The --report directories of the simulate runs (their runs.json is read), or runs.json files",
            Arity = ArgumentArity.OneOrMore,
        };
        var report = new Option<string>("--report") { Description = "Directory for the merged summary, junit.xml and the failing seeds' reports", Required = true };
        var command = new Command("merge", "Merge the results of simulate shards into one summary, JUnit file and verdict (exit 0 all seeds passed, 1 a seed failed, 2 bad input or a shard missing)")
        {
            results, report,
        };
        command.SetAction(result => Run(result.GetValue(results) ?? [], result.GetValue(report)!, result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(IReadOnlyList<string> inputs, string reportDir, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        using var destination = ReportDestinations.Claim(reportDir, output);
        if (destination is null)
        {
            return ExitCodes.BadInput;
        }

        var documents = new List<(string Directory, SeedRunsDocument Document)>();
        foreach (var input in inputs)
        {
            var path = Directory.Exists(input) ? Path.Combine(input, SeedRunsDocument.FileName) : input;
            if (!File.Exists(path))
            {
                output.WriteLine($"error: {input}: no {SeedRunsDocument.FileName} (give the --report directory of a reslab simulate run, or its {SeedRunsDocument.FileName})");
                return ExitCodes.BadInput;
            }

            try
            {
                documents.Add((Path.GetDirectoryName(Path.GetFullPath(path))!, SeedRunsDocument.Read(path)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        if (Problem(documents) is { } problem)
        {
            output.WriteLine($"error: {problem}");
            return ExitCodes.BadInput;
        }

        var name = documents[0].Document.Name;
        var summary = new SeedSummary(name, destination.Directory);
        foreach (var (directory, document) in documents)
        {
            foreach (var run in document.Runs)
            {
                summary.Include(run.ReportDirectory is { } seedReport && Directory.Exists(Path.Combine(directory, seedReport))
                    ? CopyReport(run, directory, destination.Directory)
                    : run with { ReportDirectory = null });
            }
        }

        var first = documents[0].Document.Properties;
        var plan = first.GetValueOrDefault("plan");
        var properties = new Dictionary<string, string>
        {
            ["seeds"] = string.Join(", ", documents.Select(d => d.Document.Properties.GetValueOrDefault("seeds")).OfType<string>().Distinct()),
            ["merged"] = string.Create(CultureInfo.InvariantCulture, $"{documents.Count} result(s)"),
            ["run"] = summary.Runs.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (plan is not null)
        {
            properties["plan"] = plan;
        }

        var files = summary.Write(properties, plan is null ? null : seed => $"reslab simulate {plan}{first.GetValueOrDefault(ServiceRun.Property)} --seeds 1 --from {seed} --report {reportDir}/{SeedSummary.SeedsDirectory}/seed-{seed}");
        var runs = summary.Runs;
        var failing = runs.Where(r => r.Status != CheckStatus.Passed).ToList();
        output.WriteLine($"merged {documents.Count} result(s) of {name}: {runs.Count} seed(s), {failing.Count} not passed; summary: {files.Html}, {files.JUnit}");
        foreach (var run in failing.Take(5))
        {
            output.WriteLine($"FAIL seed {run.Seed}: {string.Join(", ", run.NotPassed)}: {run.FirstViolation}");
        }

        if (failing.Count == 0)
        {
            output.WriteLine($"PASS: all {runs.Count} seed(s) passed every check");
            return ExitCodes.Pass;
        }

        output.WriteLine($"FAIL: {failing.Count} of {runs.Count} seed(s) did not pass");
        return ExitCodes.CheckFailed;
    }

    // Results that do not add up to one run of one plan: merging them would state a verdict nobody ran.
    private static string? Problem(List<(string Directory, SeedRunsDocument Document)> documents)
    {
        var names = documents.Select(d => d.Document.Name).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > 1)
        {
            return $"the results are of different plans ({string.Join(", ", names)}): merge the shards of one run";
        }

        var seen = new Dictionary<long, string>();
        foreach (var (directory, document) in documents)
        {
            foreach (var run in document.Runs)
            {
                if (!seen.TryAdd(run.Seed, directory))
                {
                    return $"seed {run.Seed} is in both {seen[run.Seed]} and {directory}: each seed must come from one shard";
                }
            }
        }

        var shards = documents.Select(d => d.Document.Properties.GetValueOrDefault(SeedShard.Property)).ToList();
        if (shards.All(s => s is null))
        {
            return null;
        }

        if (shards.Any(s => s is null) || documents.Select(d => d.Document.Properties.GetValueOrDefault("seeds")).Distinct().Count() > 1)
        {
            return "the results are not the shards of one seed range (each must be a reslab simulate --shard run with the same --seeds and --from)";
        }

        var parsed = shards.Select(s => SeedShard.Parse(s!, out _)).ToList();
        if (parsed.Any(p => p is null) || parsed.Select(p => p!.Value.Count).Distinct().Count() > 1)
        {
            return $"the shards disagree on how many there are ({string.Join(", ", shards)})";
        }

        var count = parsed[0]!.Value.Count;
        var twice = parsed.GroupBy(p => p!.Value.Index).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            return $"shard {twice.Key}/{count} is given twice";
        }

        var missing = Enumerable.Range(0, count).Except(parsed.Select(p => p!.Value.Index)).ToList();
        return missing.Count > 0
            ? $"shard(s) {string.Join(", ", missing.Select(i => $"{i}/{count}"))} missing: give the results of every shard (JOB_COMPLETION_INDEX 0..{count - 1}); a verdict over part of the seeds is not the run's"
            : null;
    }

    private static SeedRun CopyReport(SeedRun run, string from, string to)
    {
        var source = Path.Combine(from, run.ReportDirectory!);
        var target = Path.Combine(to, run.ReportDirectory!);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        return run;
    }
}
