namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>The one collection every plan test belongs to: run one at a time (also enforced assembly-wide).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalPlansCollection
{
    public const string Name = "local chaos plans";
}
