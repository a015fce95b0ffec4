namespace ResilienceLab.Coordination;

/// <summary>The result of a read: the entries in key order, and the revision the read was served at.</summary>
/// <param name="Revision">
/// etcd: the store's revision at the read. NATS: the highest revision among the entries read (0 when none) — a
/// key-value bucket has no cheap read-wide revision.
/// </param>
/// <param name="Entries">The entries, sorted by key.</param>
public sealed record StoreSnapshot(long Revision, IReadOnlyList<StoreEntry> Entries)
{
    /// <summary>The first entry, or null when nothing was read.</summary>
    public StoreEntry? Single => Entries.Count == 0 ? null : Entries[0];
}
