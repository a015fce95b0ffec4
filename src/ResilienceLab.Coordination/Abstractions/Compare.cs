namespace ResilienceLab.Coordination;

/// <summary>What a <see cref="Compare"/> looks at.</summary>
public enum CompareTarget
{
    Value,
    Version,
    CreateRevision,
    ModRevision,
    Lease,
}

/// <summary>How a <see cref="Compare"/> compares.</summary>
public enum CompareOperator
{
    Equal,
    NotEqual,
    Greater,
    Less,
}

/// <summary>
/// A txn guard with etcd semantics: a missing key has version, create revision, mod revision and
/// lease 0, and fails every value comparison.
/// </summary>
public sealed record Compare(string Key, CompareTarget Target, CompareOperator Operator, long Number = 0, string? Value = null)
{
    public static Compare ValueIs(string key, CompareOperator op, string value) => new(key, CompareTarget.Value, op, Value: value);

    public static Compare VersionIs(string key, CompareOperator op, long version) => new(key, CompareTarget.Version, op, version);

    public static Compare CreateRevisionIs(string key, CompareOperator op, long revision) => new(key, CompareTarget.CreateRevision, op, revision);

    public static Compare ModRevisionIs(string key, CompareOperator op, long revision) => new(key, CompareTarget.ModRevision, op, revision);

    public static Compare LeaseIs(string key, CompareOperator op, long lease) => new(key, CompareTarget.Lease, op, lease);

    /// <summary>True when the key does not exist (create revision 0), the guard of every create-if-absent.</summary>
    public static Compare Missing(string key) => CreateRevisionIs(key, CompareOperator.Equal, 0);
}
