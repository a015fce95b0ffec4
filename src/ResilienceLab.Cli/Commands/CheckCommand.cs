using System.CommandLine;
using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Reporting;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.TaskResumption;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab check &lt;history dir or files…&gt; --report &lt;dir&gt; [--lock-ttl 10s] [--resume-slack 5s]
/// [--failover-bound 15s] [--clock-skew 0s]</c>: merges the per-process JSON Lines histories, runs every
/// check, writes the reports and prints a summary. Exit 0 all checks pass, 1 a check failed or was
/// inconclusive, 2 malformed input (each error printed as file:line: error: message).
/// </summary>
public static class CheckCommand
{
    /// <summary>
    /// The command. <paramref name="capHeap"/> (the reslab binary's own command list sets it) caps this process's heap for
    /// the check (<see cref="CheckHeapCap"/>); tests that invoke the command in-process leave their host's GC alone.
    /// </summary>
    public static Command Create(bool capHeap = false)
    {
        var paths = new Argument<string[]>("history")
        {
            Description = "History directories (their *.jsonl files are merged) or history files",
            Arity = ArgumentArity.OneOrMore,
        };
        var report = new Option<string?>("--report") { Description = "Directory for report.json, junit.xml, report.md, report.html and history.jsonl" };
        var name = new Option<string?>("--name") { Description = "Name of the run in the reports (default: the first path)" };
        var lockTtl = Duration("--lock-ttl", "Lease TTL of the task locks", TaskResumptionConstants.DefaultLockTtl);
        var resumeSlack = Duration("--resume-slack", "Allowed on top of the TTL before an orphaned task must be resumed", TaskResumptionConstants.DefaultResumeSlack);
        var failoverBound = Duration("--failover-bound", "Time allowed from a leader's kill to a new leader", LeaderSafetyConstants.DefaultFailoverBound);
        var clockSkew = Duration("--clock-skew", "How far apart the processes' clocks may be", TimeSpan.Zero);
        var command = new Command("check", "Check recorded histories (mutual exclusion, task resumption, lost updates, leader safety, linearizability); exit 0 pass, 1 violation, 2 bad input")
        {
            paths, report, name, lockTtl, resumeSlack, failoverBound, clockSkew,
        };
        command.SetAction(result =>
        {
            // Durations are parsed here rather than by the parser so a bad value exits 2 (bad input) like a bad history.
            var error = result.InvocationConfiguration.Error;
            var durations = new[] { lockTtl, resumeSlack, failoverBound, clockSkew }.Select(o => (Option: o, Value: ParseDuration(result.GetValue(o)!))).ToList();
            foreach (var (option, _) in durations.Where(d => d.Value is null))
            {
                error.WriteLine($"error: {option.Name} '{result.GetValue(option)}' is not a duration: use e.g. 10s, 500ms, 2m or 00:00:10");
            }

            if (durations.Any(d => d.Value is null))
            {
                return ExitCodes.BadInput;
            }

            // A zero TTL would make every lock expire as it is taken: the resumption check would judge nothing real.
            if (durations[0].Value == TimeSpan.Zero)
            {
                error.WriteLine($"error: {lockTtl.Name} must be greater than 0s (the lease TTL the workers' task locks use, e.g. 10s)");
                return ExitCodes.BadInput;
            }

            var options = new VerificationOptions().WithClockSkew(durations[3].Value!.Value);
            options.TaskResumption.LockTtl = durations[0].Value!.Value;
            options.TaskResumption.ResumeSlack = durations[1].Value!.Value;
            options.LeaderSafety.FailoverBound = durations[2].Value!.Value;
            var histories = result.GetValue(paths) ?? [];
            return Run(histories, result.GetValue(report), result.GetValue(name), options, result.InvocationConfiguration.Output, error, TimeProvider.System, capHeap ? CheckHeapCap.Apply(histories) : null);
        });
        return command;
    }

    /// <summary>Checks the histories at <paramref name="paths"/>; returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, string? reportDirectory, string? name, VerificationOptions options, TextWriter output, TextWriter error, TimeProvider timeProvider) =>
        Run(paths, reportDirectory, name, options, output, error, timeProvider, cap: null);

    /// <summary>As the public overload; under <paramref name="cap"/>, work that ran out of the capped heap is done again without it.</summary>
    internal static int Run(IReadOnlyList<string> paths, string? reportDirectory, string? name, VerificationOptions options, TextWriter output, TextWriter error, TimeProvider timeProvider, CheckHeapCap? cap)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        using var destination = ReportDestinations.Claim(reportDirectory, error);
        if (reportDirectory is not null && destination is null)
        {
            return ExitCodes.BadInput;
        }

        try
        {
            HistoryReadResult read;
            try
            {
                read = HistoryReader.ReadPaths(paths);
            }
            catch (OutOfMemoryException) when (cap is { Limit: > 0 } && cap.Lift())
            {
                // The history's live data does not fit under the cap: read it again with the machine's memory.
                read = HistoryReader.ReadPaths(paths);
            }

            foreach (var problem in read.Errors.Concat(read.Warnings))
            {
                error.WriteLine(problem.ToString());
            }

            if (!read.IsValid)
            {
                error.WriteLine($"{read.Errors.Count} error(s) in the history: nothing was checked. Fix the lines above (see docs/history.md).");
                return ExitCodes.BadInput;
            }

            if (read.History.Count == 0)
            {
                error.WriteLine("the history is empty: nothing to check");
                return ExitCodes.BadInput;
            }

            var metadata = new RunMetadata
            {
                Name = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(paths[0]))),
                Sources = read.History.Sources,
                GeneratedAt = timeProvider.GetUtcNow(),
                Properties = new Dictionary<string, string>
                {
                    ["lock-ttl"] = Seconds(options.TaskResumption.LockTtl),
                    ["resume-slack"] = Seconds(options.TaskResumption.ResumeSlack),
                    ["failover-bound"] = Seconds(options.LeaderSafety.FailoverBound),
                    ["clock-skew"] = Seconds(options.MutualExclusion.ClockSkew),
                },
            };
            Verdict verdict;
            try
            {
                verdict = Verifier.Verify(read.History, metadata, options, read.Warnings, timeProvider: timeProvider);
            }
            catch (OutOfMemoryException) when (cap is { Limit: > 0 } && cap.Lift())
            {
                // A check ran out of the capped heap: it is judged again with the machine's memory, not reported inconclusive.
                verdict = Verifier.Verify(read.History, metadata, options, read.Warnings, timeProvider: timeProvider);
            }

            PrintSummary(verdict, output);
            if (reportDirectory is not null)
            {
                var files = ReportWriter.WriteAll(reportDirectory, verdict);
                output.WriteLine($"reports: {string.Join(", ", files.All)}");
            }

            return verdict.Status == CheckStatus.Passed ? ExitCodes.Pass : ExitCodes.CheckFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex)
        {
            // The run could not complete: say what went wrong, never dump a stack trace on the user.
            error.WriteLine($"error: the check could not complete: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static void PrintSummary(Verdict verdict, TextWriter output)
    {
        output.WriteLine($"{verdict.Metadata.Name}: {verdict.History.Count} entries from {verdict.History.Sources.Count} file(s)");
        foreach (var result in verdict.Results)
        {
            var word = result.Status switch
            {
                CheckStatus.Passed => "PASS",
                CheckStatus.Failed => "FAIL",
                _ => "??  ",
            };
            output.WriteLine($"  {word} {result.Name,-17} {result.Summary}");
        }

        foreach (var result in verdict.Results.Where(r => !r.Passed && r.Counterexample is not null))
        {
            output.WriteLine();
            output.WriteLine($"{result.Name}:");
            output.WriteLine(result.Counterexample);
        }

        output.WriteLine();
        output.WriteLine(verdict.Status switch
        {
            CheckStatus.Passed => "all checks passed",
            CheckStatus.Failed => $"{verdict.Results.Count(r => r.Status == CheckStatus.Failed)} check(s) failed",
            _ => $"{verdict.Results.Count(r => r.Status == CheckStatus.Inconclusive)} check(s) inconclusive",
        });
    }

    private static Option<string> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} (e.g. 10s, 500ms, 2m)",
        HelpName = "duration",
        DefaultValueFactory = _ => Seconds(defaultValue),
    };

    /// <summary>Parses "10s", "500ms", "2m", "1h" or a TimeSpan ("00:00:10"); null when it is neither, negative or out of TimeSpan's range.</summary>
    public static TimeSpan? ParseDuration(string value)
    {
        var text = value.Trim();
        (string Suffix, double Ticks)[] units = [("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour)];
        foreach (var (suffix, ticks) in units)
        {
            // "1e400s" parses as infinity and "1e15h" is past TimeSpan's range: both are out of range, not a duration.
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0 && amount * ticks < TimeSpan.MaxValue.Ticks)
            {
                return TimeSpan.FromTicks((long)(amount * ticks));
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        return null;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
