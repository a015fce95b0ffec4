namespace ResilienceLab.Coordination;

/// <summary>A key as etcd's mvccpb.KeyValue describes it.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (UTF-8 text).</param>
/// <param name="CreateRevision">Revision of the last creation of the key.</param>
/// <param name="ModRevision">Revision of the last modification of the key.</param>
/// <param name="Version">Number of modifications since creation (1 after the create).</param>
/// <param name="Lease">Lease the key is bound to, 0 when none.</param>
public sealed record KeyValue(string Key, string Value, long CreateRevision, long ModRevision, long Version, long Lease);
