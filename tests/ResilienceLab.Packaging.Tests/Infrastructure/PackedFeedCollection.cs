namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>The tests that share one packed feed (packing takes a while), run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
