namespace ResilienceLab.Chaos.Mutation;

/// <summary>How one seeded bug fared against the shipped plans.</summary>
/// <param name="Bug">The seeded bug.</param>
/// <param name="SeedsToFailure">How many seeds (each run over every plan) it took until a plan failed; null: survived the budget.</param>
/// <param name="Plan">The plan that failed first (the first in plan order at that seed).</param>
/// <param name="Seed">The seed that failed (replay: <c>reslab simulate &lt;plan&gt; --seeds 1 --from &lt;seed&gt;</c> with the bug set).</param>
/// <param name="Checks">The checks (and probes) that failed on that run.</param>
/// <param name="Runs">Simulated runs spent on this bug.</param>
public sealed record MutantVerdict(Workers.SeededBug Bug, int? SeedsToFailure, string? Plan, long? Seed, IReadOnlyList<string> Checks, int Runs)
{
    /// <summary>Whether a plan caught the bug within the budget.</summary>
    public bool Caught => SeedsToFailure is not null;
}
