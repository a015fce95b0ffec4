namespace ResilienceLab.Coordination;

/// <summary>A key as a backend read it.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (UTF-8 text).</param>
/// <param name="Revision">The revision of the key's last write (etcd: its mod revision; NATS: the entry's revision).</param>
public sealed record StoreEntry(string Key, string Value, long Revision);
