namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// etcd authenticated the user but its roles do not permit the call on the key (or prefix): grant the role
/// read/write on a prefix that covers it. Nothing was applied.
/// </summary>
public sealed class EtcdPermissionDeniedException : StoreAccessDeniedException
{
    /// <summary>Creates the exception for <paramref name="operation"/> on <paramref name="key"/>.</summary>
    public EtcdPermissionDeniedException(string endpoint, string? username, string operation, string key, Exception? inner = null)
        : base(
            $"etcd at {endpoint} denied {operation} on '{key}' to user '{username ?? "(none)"}' (etcdserver: permission denied): "
            + $"grant one of the user's roles readwrite on a prefix covering '{key}', e.g. etcdctl role grant-permission <role> --prefix=true readwrite '{key}'.",
            inner)
    {
        Endpoint = endpoint;
        Username = username;
        Operation = operation;
        Key = key;
    }

    /// <summary>The member that refused.</summary>
    public string Endpoint { get; }

    /// <summary>The authenticated user.</summary>
    public string? Username { get; }

    /// <summary>The refused operation (get, put, txn, watch, …).</summary>
    public string Operation { get; }

    /// <summary>The key, or for a prefix operation the prefix, it was refused on.</summary>
    public string Key { get; }
}
