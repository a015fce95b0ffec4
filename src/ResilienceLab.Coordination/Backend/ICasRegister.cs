namespace ResilienceLab.Coordination;

/// <summary>
/// A compare-and-swap register on one key: read (value, revision), write only if the revision is unchanged.
/// <see cref="CasRegisterExtensions.UpdateAsync"/> is the read-modify-write loop on top.
/// </summary>
public interface ICasRegister
{
    /// <summary>The register's key.</summary>
    string Key { get; }

    /// <summary>Reads the value and the revision it was last written at (0 when missing).</summary>
    Task<RegisterValue> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="value"/> if the register is still at <paramref name="expectedModRevision"/> (0: still missing); returns the new revision, or null on conflict.</summary>
    Task<long?> CompareAndSwapAsync(long expectedModRevision, string value, CancellationToken cancellationToken = default);
}
