namespace ResilienceLab.Coordination;

/// <summary>Kind of a watch event.</summary>
public enum WatchEventType
{
    Put,
    Delete,
}

/// <summary>
/// One change seen by a watch. For a delete, <see cref="Kv"/> carries the key, an empty value and the
/// revision of the delete as its mod revision (as etcd reports it), including deletes caused by lease expiry.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, KeyValue Kv);
