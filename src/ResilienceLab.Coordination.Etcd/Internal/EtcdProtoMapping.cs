using Google.Protobuf;
using Rpc = Etcdserverpb;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>Between the store's records and etcd's v3 protobuf messages. Keys and values are UTF-8.</summary>
internal static class EtcdProtoMapping
{
    /// <summary>etcd's "from this key on" range end (used for the prefix of the empty key: every key).</summary>
    private static readonly ByteString FromKey = ByteString.CopyFrom(0);

    public static ByteString Utf8(string text) => ByteString.CopyFromUtf8(text);

    /// <summary>
    /// The (key, range end) etcd needs to match <paramref name="key"/> alone or every key starting with it:
    /// the range end of a prefix is the prefix with its last byte below 0xff incremented (clientv3.GetPrefixRangeEnd).
    /// </summary>
    public static (ByteString Key, ByteString RangeEnd) Range(string key, bool prefix)
    {
        var bytes = Utf8(key);
        if (!prefix)
        {
            return (bytes, ByteString.Empty);
        }

        var end = bytes.ToByteArray();
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xff)
            {
                end[i]++;
                return (bytes, ByteString.CopyFrom(end, 0, i + 1));
            }
        }

        // Empty key or all 0xff: everything from the key on ("\0" as both key and end means every key).
        return (bytes.IsEmpty ? FromKey : bytes, FromKey);
    }

    public static KeyValue ToKeyValue(Mvccpb.KeyValue kv) =>
        new(kv.Key.ToStringUtf8(), kv.Value.ToStringUtf8(), kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);

    public static KeyValue? ToKeyValueOrNull(Mvccpb.KeyValue? kv) => kv is null ? null : ToKeyValue(kv);

    public static Rpc.RangeRequest ToRangeRequest(string key, bool prefix)
    {
        var (k, end) = Range(key, prefix);
        return new Rpc.RangeRequest { Key = k, RangeEnd = end };
    }

    public static Rpc.PutRequest ToPutRequest(string key, string value, long lease) =>
        new() { Key = Utf8(key), Value = Utf8(value), Lease = lease, PrevKv = true };

    public static Rpc.DeleteRangeRequest ToDeleteRequest(string key, bool prefix)
    {
        var (k, end) = Range(key, prefix);
        return new Rpc.DeleteRangeRequest { Key = k, RangeEnd = end, PrevKv = true };
    }

    public static RangeResult ToRangeResult(Rpc.RangeResponse response, long fallbackRevision = 0) =>
        new(Revision(response.Header, fallbackRevision), response.Kvs.Select(ToKeyValue).ToList());

    public static PutResult ToPutResult(Rpc.PutResponse response, long fallbackRevision = 0) =>
        new(Revision(response.Header, fallbackRevision), ToKeyValueOrNull(response.PrevKv));

    public static DeleteResult ToDeleteResult(Rpc.DeleteRangeResponse response, long fallbackRevision = 0) =>
        new(Revision(response.Header, fallbackRevision), response.Deleted, response.PrevKvs.Select(ToKeyValue).ToList());

    public static Rpc.TxnRequest ToTxnRequest(TxnRequest request)
    {
        var txn = new Rpc.TxnRequest();
        txn.Compare.AddRange(request.Compares.Select(ToCompare));
        txn.Success.AddRange(request.Success.Select(ToRequestOp));
        txn.Failure.AddRange(request.Failure.Select(ToRequestOp));
        return txn;
    }

    /// <summary>
    /// One result per executed op, each at the revision etcd reports for it: a read before the txn's first
    /// write reports the revision before the txn (and sees the old values), every op after it the txn's revision.
    /// </summary>
    public static TxnResult ToTxnResult(Rpc.TxnResponse response)
    {
        var revision = response.Header.Revision;
        var results = response.Responses.Select(op => op.ResponseCase switch
        {
            Rpc.ResponseOp.ResponseOneofCase.ResponseRange => (OpResult)ToRangeResult(op.ResponseRange, revision),
            Rpc.ResponseOp.ResponseOneofCase.ResponsePut => ToPutResult(op.ResponsePut, revision),
            Rpc.ResponseOp.ResponseOneofCase.ResponseDeleteRange => ToDeleteResult(op.ResponseDeleteRange, revision),
            _ => throw new StoreException($"etcd returned a txn response of kind {op.ResponseCase}, which this client does not send."),
        }).ToList();
        return new TxnResult(response.Succeeded, revision, results);
    }

    public static bool IsReadOnly(TxnRequest request) =>
        request.Success.Concat(request.Failure).All(op => op is TxnOp.Get);

    /// <summary>The lease a txn's puts name (the first non-zero one), for the message of a missing lease.</summary>
    public static long FirstLease(TxnRequest request) =>
        request.Success.Concat(request.Failure).OfType<TxnOp.Put>().Select(p => p.Lease).FirstOrDefault(l => l != 0);

    public static string FirstKey(TxnRequest request) =>
        request.Compares.Select(c => c.Key).Concat(request.Success.Concat(request.Failure).Select(o => o.Key)).FirstOrDefault() ?? "";

    private static long Revision(Rpc.ResponseHeader? header, long fallback) =>
        header is { Revision: > 0 } ? header.Revision : fallback;

    private static Rpc.RequestOp ToRequestOp(TxnOp op) => op switch
    {
        TxnOp.Put put => new Rpc.RequestOp { RequestPut = ToPutRequest(put.Key, put.Value, put.Lease) },
        TxnOp.Get get => new Rpc.RequestOp { RequestRange = ToRangeRequest(get.Key, get.Prefix) },
        TxnOp.Delete delete => new Rpc.RequestOp { RequestDeleteRange = ToDeleteRequest(delete.Key, delete.Prefix) },
        _ => throw new ArgumentException($"Unknown txn op {op.GetType().Name} on '{op.Key}'.", nameof(op)),
    };

    private static Rpc.Compare ToCompare(Compare compare)
    {
        var result = new Rpc.Compare
        {
            Key = Utf8(compare.Key),
            Result = compare.Operator switch
            {
                CompareOperator.Equal => Rpc.Compare.Types.CompareResult.Equal,
                CompareOperator.NotEqual => Rpc.Compare.Types.CompareResult.NotEqual,
                CompareOperator.Greater => Rpc.Compare.Types.CompareResult.Greater,
                CompareOperator.Less => Rpc.Compare.Types.CompareResult.Less,
                _ => throw new ArgumentException($"Unknown compare operator {compare.Operator} on '{compare.Key}'.", nameof(compare)),
            },
        };

        switch (compare.Target)
        {
            case CompareTarget.Value:
                result.Target = Rpc.Compare.Types.CompareTarget.Value;
                result.Value = Utf8(compare.Value ?? throw new ArgumentException($"A value compare on '{compare.Key}' needs a Value.", nameof(compare)));
                break;
            case CompareTarget.Version:
                result.Target = Rpc.Compare.Types.CompareTarget.Version;
                result.Version = compare.Number;
                break;
            case CompareTarget.CreateRevision:
                result.Target = Rpc.Compare.Types.CompareTarget.Create;
                result.CreateRevision = compare.Number;
                break;
            case CompareTarget.ModRevision:
                result.Target = Rpc.Compare.Types.CompareTarget.Mod;
                result.ModRevision = compare.Number;
                break;
            case CompareTarget.Lease:
                result.Target = Rpc.Compare.Types.CompareTarget.Lease;
                result.Lease = compare.Number;
                break;
            default:
                throw new ArgumentException($"Unknown compare target {compare.Target} on '{compare.Key}'.", nameof(compare));
        }

        return result;
    }
}
