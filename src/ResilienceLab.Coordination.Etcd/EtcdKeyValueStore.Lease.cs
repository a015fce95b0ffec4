using Etcdserverpb;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

public sealed partial class EtcdKeyValueStore
{
    /// <summary>Grants a lease of <paramref name="ttl"/> rounded up to whole seconds; etcd raises it to its minimum (ceil(1.5 × election timeout)).</summary>
    public async Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ThrowIfDisposed();
        var request = new LeaseGrantRequest { TTL = (long)Math.Ceiling(ttl.TotalSeconds) };
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Idempotent, "lease grant", "", 0,
            async (client, ct) => await client.LeaseGrantAsync(request, cancellationToken: ct),
            cancellationToken);
        if (!string.IsNullOrEmpty(response.Error))
        {
            throw new StoreException($"etcd refused a lease of {ttl}: {response.Error}");
        }

        return new LeaseGrant(response.ID, TimeSpan.FromSeconds(response.TTL));
    }

    /// <summary>
    /// One renewal over a LeaseKeepAlive stream opened for it. etcd answers a renewal of a missing lease with
    /// TTL 0 (not an error), which becomes <see cref="LeaseNotFoundException"/>.
    /// </summary>
    public async Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Idempotent, "lease keep-alive", "", leaseId,
            async (client, ct) =>
            {
                using var call = client.GetConnection().LeaseClient.LeaseKeepAlive(cancellationToken: ct);
                await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, ct);
                if (!await call.ResponseStream.MoveNext(ct))
                {
                    throw new IOException("etcd closed the keep-alive stream without answering.");
                }

                var reply = call.ResponseStream.Current;
                await call.RequestStream.CompleteAsync();
                return reply;
            },
            cancellationToken);

        return response.TTL > 0 ? TimeSpan.FromSeconds(response.TTL) : throw new LeaseNotFoundException(leaseId);
    }

    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var request = new LeaseRevokeRequest { ID = leaseId };
        await _executor.ExecuteAsync(
            EtcdOperationKind.Mutation, "lease revoke", $"lease {leaseId:x}", leaseId,
            async (client, ct) => await client.LeaseRevokeAsync(request, cancellationToken: ct),
            cancellationToken);
    }

    /// <summary>
    /// The lease's remaining TTL (etcd truncates it to whole seconds, so just after a grant of 5 s it reports 4 s;
    /// -1 s when the lease is gone) and its keys, sorted (etcd lists them in hash-map order).
    /// </summary>
    public async Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var request = new LeaseTimeToLiveRequest { ID = leaseId, Keys = true };
        var response = await _executor.ExecuteAsync(
            EtcdOperationKind.Read, "lease time-to-live", $"lease {leaseId:x}", leaseId,
            async (client, ct) => await client.LeaseTimeToLiveAsync(request, cancellationToken: ct),
            cancellationToken);
        var keys = response.Keys.Select(k => k.ToStringUtf8()).Order(StringComparer.Ordinal).ToList();
        return new LeaseTimeToLive(leaseId, TimeSpan.FromSeconds(response.TTL), TimeSpan.FromSeconds(response.GrantedTTL), keys);
    }
}
