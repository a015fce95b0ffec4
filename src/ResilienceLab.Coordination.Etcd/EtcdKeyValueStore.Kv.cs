using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

public sealed partial class EtcdKeyValueStore
{
    public async Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        var request = EtcdProtoMapping.ToRangeRequest(key, prefix);
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Read, "get", key, 0,
            async (client, ct) => await client.GetAsync(request, cancellationToken: ct),
            cancellationToken);
        return EtcdProtoMapping.ToRangeResult(response);
    }

    public async Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfDisposed();
        var request = EtcdProtoMapping.ToPutRequest(key, value, lease);
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Mutation, "put", key, lease,
            async (client, ct) => await client.PutAsync(request, cancellationToken: ct),
            cancellationToken);
        return EtcdProtoMapping.ToPutResult(response);
    }

    public async Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfDisposed();
        var request = EtcdProtoMapping.ToDeleteRequest(key, prefix);
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Mutation, "delete", key, 0,
            async (client, ct) => await client.DeleteAsync(request, cancellationToken: ct),
            cancellationToken);
        return EtcdProtoMapping.ToDeleteResult(response);
    }

    public async Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfDisposed();
        var txn = EtcdProtoMapping.ToTxnRequest(request);

        // A txn that only reads cannot change anything, so a lost reply is as harmless as a lost range reply.
        var kind = EtcdProtoMapping.IsReadOnly(request) ? EtcdOperationKind.Read : EtcdOperationKind.Mutation;
        var response = await _executor.ExecuteAsync(
            kind, "txn", EtcdProtoMapping.FirstKey(request), EtcdProtoMapping.FirstLease(request),
            async (client, ct) => await client.TransactionAsync(txn, cancellationToken: ct),
            cancellationToken);
        return EtcdProtoMapping.ToTxnResult(response);
    }
}
