using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

/// <summary>What every summary format is rendered from: the seeds, per-check tallies and the recovery distributions.</summary>
internal sealed class SummaryData
{
    public SummaryData(string name, string command, IReadOnlyList<SeedRun> runs, IReadOnlyDictionary<string, string> properties, Func<long, string>? replay)
    {
        Name = name;
        Command = command;
        Runs = runs;
        Properties = properties;
        Replay = replay;
        Failing = [.. runs.Where(r => r.Status != CheckStatus.Passed)];
        Checks = [.. runs.SelectMany(r => r.Checks.Select(c => c.Check)).Distinct()];
        Distributions =
        [
            Distribution.Of("lock take-over", "a lock holder hit by kill, pause or partition → another process acquires the lock", runs.SelectMany(r => r.Recovery.TakeOver), runs.Sum(r => r.Recovery.TakeOverMissing)),
            Distribution.Of("leader failover", "the leader hit → another process wins the election", runs.SelectMany(r => r.Recovery.Failover), runs.Sum(r => r.Recovery.FailoverMissing)),
            Distribution.Of("task resumption", "a task's holder goes away → the next holder takes the task over", runs.SelectMany(r => r.Recovery.Resumption), 0),
        ];
    }

    public string Name { get; }

    /// <summary>The reslab command the summary is of.</summary>
    public string Command { get; }

    /// <summary>What the runs are, in the plural: seeds, or the labelled runs of a comparison.</summary>
    public string Noun => Runs.Any(r => r.Label is not null) ? "runs" : "seeds";

    public IReadOnlyList<SeedRun> Runs { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    public Func<long, string>? Replay { get; }

    /// <summary>Seeds that failed or were inconclusive, in seed order.</summary>
    public IReadOnlyList<SeedRun> Failing { get; }

    /// <summary>Every check name, in the order the first seed ran them.</summary>
    public IReadOnlyList<string> Checks { get; }

    public IReadOnlyList<Distribution> Distributions { get; }

    public CheckStatus Status =>
        Runs.Any(r => r.Status == CheckStatus.Failed) ? CheckStatus.Failed
        : Runs.Any(r => r.Status == CheckStatus.Inconclusive) || Runs.Count == 0 ? CheckStatus.Inconclusive
        : CheckStatus.Passed;

    public int Count(string check, CheckStatus status) => Runs.Count(r => r.Checks.Any(c => c.Check == check && c.Status == status));
}
