namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>Whether a call may change the store, which decides what a lost reply means.</summary>
internal enum EtcdOperationKind
{
    /// <summary>Reads (range, read-only txn, lease TTL, status): retried on every transient error.</summary>
    Read,

    /// <summary>
    /// Calls whose repetition cannot change what other clients observe (lease grant, keep-alive):
    /// retried on every transient error. A lost grant reply leaves an orphan lease with no keys that expires after its TTL.
    /// </summary>
    Idempotent,

    /// <summary>Put, delete, txn with a write, lease revoke: never retried once they may have reached the server.</summary>
    Mutation,
}
