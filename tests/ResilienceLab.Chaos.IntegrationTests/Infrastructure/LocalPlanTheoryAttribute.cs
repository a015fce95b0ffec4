namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>The theory form of <see cref="LocalPlanFactAttribute"/>.</summary>
public sealed class LocalPlanTheoryAttribute : TheoryAttribute
{
    public LocalPlanTheoryAttribute()
    {
        if (!EtcdBinary.IsInstalled)
        {
            Skip = EtcdBinary.SkipReason;
        }
    }
}
