namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>A test that runs a plan on real etcd processes: skipped, with the install command, when <c>etcd</c> is not on PATH.</summary>
public sealed class LocalPlanFactAttribute : FactAttribute
{
    public LocalPlanFactAttribute()
    {
        if (!EtcdBinary.IsInstalled)
        {
            Skip = EtcdBinary.SkipReason;
        }
    }
}
