namespace ResilienceLab.Chaos.Mutation;

/// <summary>Defaults of the mutation harness.</summary>
public static class MutantHuntConstants
{
    /// <summary>Every seeded bug must be caught within this many seeds of the shipped plans (issue 21).</summary>
    public const int DefaultSeedBudget = 200;
}
