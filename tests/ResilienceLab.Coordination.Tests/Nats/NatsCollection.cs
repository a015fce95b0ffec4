namespace ResilienceLab.Coordination.Tests.Nats;

/// <summary>The tests that share the one <see cref="NatsFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class NatsCollection : ICollectionFixture<NatsFixture>
{
    public const string Name = "nats";
}
