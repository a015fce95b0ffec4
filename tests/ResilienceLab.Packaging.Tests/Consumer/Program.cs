using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

// A service that adopted the packages: takes a fenced lock on etcd, writes through the fence, and releases it.
// Usage: Consumer <etcd endpoints> <lock name> <state key>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Consumer <etcd endpoints> <lock name> <state key>");
    return 2;
}

var (endpoints, lockName, stateKey) = (args[0], args[1], args[2]);
using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
var cancellationToken = deadline.Token;

await using var store = new EtcdKeyValueStore(EtcdStoreOptions.FromEndpoints(endpoints));
await using var backend = new EtcdCoordinationBackend(store, TimeProvider.System);
await using var session = await backend.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }, cancellationToken);

var handle = await session.CreateLock(lockName, owner: "consumer").AcquireAsync(cancellationToken);
Console.WriteLine($"acquired {handle.Key} token={handle.Token}");

// Commits only while this holder still holds the lock: the write a stale holder must never make.
var committed = await handle.FencedCompareAndSwapAsync(stateKey, $"written-under-token-{handle.Token}", expectedRevision: 0, cancellationToken);
Console.WriteLine($"fenced write committed at revision {committed}");

await handle.ReleaseAsync(cancellationToken);
Console.WriteLine("released");
await session.CloseAsync(cancellationToken);
return 0;
