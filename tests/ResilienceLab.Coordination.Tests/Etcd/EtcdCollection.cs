namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>The tests that share the one <see cref="EtcdFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class EtcdCollection : ICollectionFixture<EtcdFixture>
{
    public const string Name = "etcd";
}
