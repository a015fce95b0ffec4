using ResilienceLab.Coordination;

namespace ResilienceLab.Chaos.Targets;

/// <summary>A target whose store is etcd, reached by the controller's own raw client: the <c>revoke-lease</c> action.</summary>
public interface IStoreObserver
{
    /// <summary>The controller's raw etcd client.</summary>
    IKeyValueStore Observer { get; }
}
