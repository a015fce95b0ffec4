using ResilienceLab.Coordination.Tests.Etcd;

namespace ResilienceLab.Coordination.Tests.Contract;

/// <summary>The store contract against a real etcd 3.4: this is where the contract's expectations come from.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdKeyValueStoreContractTests(EtcdFixture fixture) : KeyValueStoreContractTests
{
    protected override string KeyPrefix { get; } = $"/contract/{Guid.NewGuid():N}/";

    protected override Task<IKeyValueStore> CreateStoreAsync() => Task.FromResult<IKeyValueStore>(fixture.CreateStore());

    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by, TimeProvider.System);
}
