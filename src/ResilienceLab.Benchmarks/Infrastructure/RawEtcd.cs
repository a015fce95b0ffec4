using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client.Configuration;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>The peers' client: dotnet-etcd straight on the gRPC API, with nothing of ours in between.</summary>
internal static class RawEtcd
{
    /// <summary>A client with our store's channel shape (pick-first, no channel-level retries), so only the calls differ.</summary>
    /// <remarks>With a user, dotnet-etcd's own authentication (its token cache) is used: the peers stay plain dotnet-etcd.</remarks>
    public static EtcdClient CreateClient(string endpoint, string? username = null, string? password = null) =>
        username is null
            ? new(endpoint, configureChannelOptions: Configure)
            : new(endpoint, username, password ?? "", configureChannelOptions: Configure);

    private static void Configure(Grpc.Net.Client.GrpcChannelOptions options)
    {
        options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new PickFirstConfig() } };
        options.ThrowOperationCanceledOnCancellation = true;
    }

    public static ByteString Bytes(string text) => ByteString.CopyFromUtf8(text);

    /// <summary>The create half of a lock cycle without the lock: put the key bound to the lease if it is missing.</summary>
    public static Etcdserverpb.TxnRequest PutIfAbsent(string key, long lease)
    {
        var request = new Etcdserverpb.TxnRequest();
        request.Compare.Add(new Etcdserverpb.Compare
        {
            Key = Bytes(key),
            Target = Etcdserverpb.Compare.Types.CompareTarget.Create,
            Result = Etcdserverpb.Compare.Types.CompareResult.Equal,
            CreateRevision = 0,
        });
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.Empty, Lease = lease } });
        return request;
    }

    /// <summary>A compare-and-swap of <paramref name="key"/>: write <paramref name="value"/> if its mod revision is still <paramref name="modRevision"/>.</summary>
    public static Etcdserverpb.TxnRequest CompareAndSwap(string key, long modRevision, string value)
    {
        var request = new Etcdserverpb.TxnRequest();
        request.Compare.Add(new Etcdserverpb.Compare
        {
            Key = Bytes(key),
            Target = Etcdserverpb.Compare.Types.CompareTarget.Mod,
            Result = Etcdserverpb.Compare.Types.CompareResult.Equal,
            ModRevision = modRevision,
        });
        request.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = Bytes(key), Value = Bytes(value) } });
        return request;
    }

    /// <summary>
    /// Puts a key, watches it from <c>put revision + <paramref name="offset"/></c>, deletes it and returns how long
    /// the delete took to arrive as an event. etcd serves a watch that starts at or below its current revision from
    /// its "unsynced" group, caught up by a loop every 100 ms; one that starts above it is notified at once.
    /// </summary>
    public static async Task<TimeSpan> DeleteEventLatencyAsync(EtcdClient client, string key, long offset, TimeProvider time, CancellationToken cancellationToken)
    {
        var put = await client.PutAsync(new PutRequest { Key = Bytes(key), Value = Bytes("v") }, cancellationToken: cancellationToken);
        using var call = client.GetConnection().WatchClient.Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = Bytes(key), StartRevision = put.Header.Revision + offset } }, cancellationToken);
        var sent = 0L;
        for (var i = 0; i < 16 && await call.ResponseStream.MoveNext(cancellationToken); i++)
        {
            var reply = call.ResponseStream.Current;
            if (reply.Created)
            {
                sent = time.GetTimestamp();
                await client.DeleteAsync(key, cancellationToken: cancellationToken);
            }

            if (reply.Events.Any(e => e.Type == Mvccpb.Event.Types.EventType.Delete))
            {
                return time.GetElapsedTime(sent);
            }
        }

        throw new IOException($"etcd never delivered the delete of '{key}'.");
    }

    /// <summary>Opens a watch stream and waits for etcd's "created" reply: the round trip a primitive pays per watch.</summary>
    public static async Task WatchCreateAsync(EtcdClient client, string key, CancellationToken cancellationToken)
    {
        using var call = client.GetConnection().WatchClient.Watch(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = new WatchCreateRequest { Key = Bytes(key) } }, cancellationToken);
        for (var i = 0; i < 16 && await call.ResponseStream.MoveNext(cancellationToken); i++)
        {
            if (call.ResponseStream.Current.Created)
            {
                return;
            }
        }

        throw new IOException($"etcd did not confirm a watch on '{key}'.");
    }
}
