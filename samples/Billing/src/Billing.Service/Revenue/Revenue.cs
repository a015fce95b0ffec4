using System.Globalization;

namespace Billing.Service;

/// <summary>The revenue register's value: the total billed, in cents, and the batches it includes.</summary>
internal sealed record Revenue(long TotalCents, IReadOnlySet<int> Batches)
{
    public static Revenue None { get; } = new(0, new SortedSet<int>());

    /// <summary>The revenue with <paramref name="batch"/> included: unchanged when it already is (posting is idempotent).</summary>
    public Revenue Post(BatchSpec batch) =>
        Batches.Contains(batch.Id) ? this : new Revenue(checked(TotalCents + batch.AmountCents), new SortedSet<int>(Batches) { batch.Id });

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"total={TotalCents};batches={string.Join(',', Batches.Order())}");

    /// <summary>Parses the stored value (missing: nothing billed yet).</summary>
    /// <exception cref="FormatException">The register holds something else: never overwrite revenue that cannot be read.</exception>
    public static Revenue Parse(string? value)
    {
        if (value is null)
        {
            return None;
        }

        var parts = value.Split(';');
        if (parts.Length == 2
            && parts[0].StartsWith("total=", StringComparison.Ordinal)
            && long.TryParse(parts[0].AsSpan("total=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            && parts[1].StartsWith("batches=", StringComparison.Ordinal))
        {
            var batches = new SortedSet<int>();
            foreach (var id in parts[1]["batches=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return Invalid(value);
                }

                batches.Add(n);
            }

            return new Revenue(total, batches);
        }

        return Invalid(value);
    }

    private static Revenue Invalid(string value) =>
        throw new FormatException($"The revenue register holds '{value}', not 'total=<cents>;batches=<id>,<id>…'.");
}
