using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// A compare-and-swap register on a key of the data bucket: the server checks the subject's last sequence
/// (<c>Nats-Expected-Last-Subject-Sequence</c>), which is the entry's revision.
/// </summary>
internal sealed class NatsCasRegister : ICasRegister
{
    private readonly NatsCoordinationBackend _backend;

    internal NatsCasRegister(NatsCoordinationBackend backend, string key)
    {
        _backend = backend;
        Key = NatsKeys.Check(key);
    }

    public string Key { get; }

    /// <summary>The value and its revision; both revisions of the result are the entry's (a bucket read has no read-wide revision).</summary>
    public async Task<RegisterValue> ReadAsync(CancellationToken cancellationToken = default)
    {
        var data = await _backend.DataBucketAsync(cancellationToken);
        var entry = await NatsCas.GetAsync(_backend.Calls, data, Key, cancellationToken);
        return new RegisterValue(entry?.Value, entry?.Revision ?? 0, entry?.Revision ?? 0);
    }

    public async Task<long?> CompareAndSwapAsync(long expectedModRevision, string value, CancellationToken cancellationToken = default)
    {
        var data = await _backend.DataBucketAsync(cancellationToken);
        return await NatsCas.CompareAndSwapAsync(_backend.Calls, data, Key, value, expectedModRevision, cancellationToken);
    }
}
