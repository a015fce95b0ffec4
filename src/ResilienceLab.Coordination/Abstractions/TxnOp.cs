namespace ResilienceLab.Coordination;

/// <summary>An operation inside a txn's then / else branch.</summary>
public abstract record TxnOp(string Key)
{
    /// <summary>Put <paramref name="Value"/> at the key, bound to <paramref name="Lease"/> when not 0.</summary>
    public sealed record Put(string Key, string Value, long Lease = 0) : TxnOp(Key);

    /// <summary>Read the key, or every key starting with it when <paramref name="Prefix"/>.</summary>
    public sealed record Get(string Key, bool Prefix = false) : TxnOp(Key);

    /// <summary>Delete the key, or every key starting with it when <paramref name="Prefix"/>.</summary>
    public sealed record Delete(string Key, bool Prefix = false) : TxnOp(Key);
}

/// <summary>A txn: if every compare holds, run <see cref="Success"/>, else <see cref="Failure"/>; atomically, at one revision.</summary>
public sealed record TxnRequest(IReadOnlyList<Compare> Compares, IReadOnlyList<TxnOp> Success, IReadOnlyList<TxnOp> Failure)
{
    public static TxnRequest If(params Compare[] compares) => new(compares, [], []);

    // A first branch takes the ops array as it is, as If takes its compares (one array and its read-only wrapper less per txn).
    public TxnRequest Then(params TxnOp[] ops) => this with { Success = Success.Count == 0 ? ops : [.. Success, .. ops] };

    public TxnRequest Else(params TxnOp[] ops) => this with { Failure = Failure.Count == 0 ? ops : [.. Failure, .. ops] };
}
