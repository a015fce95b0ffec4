using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Chaos.Mutation;

/// <summary>Settings of <see cref="MutantHunt"/>.</summary>
public sealed class MutantHuntOptions
{
    /// <summary>The most seeds each bug gets (every seed runs every plan).</summary>
    [Range(1, 100_000)]
    public int SeedBudget { get; set; } = MutantHuntConstants.DefaultSeedBudget;

    /// <summary>The first seed; seed i of the budget is <c>FirstSeed + i - 1</c> for every plan.</summary>
    [Range(0, long.MaxValue)]
    public long FirstSeed { get; set; } = 1;

    /// <summary>Runs at once.</summary>
    [Range(1, 1024)]
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ValidationException"/> naming the first invalid setting.</summary>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
