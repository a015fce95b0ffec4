using System.Globalization;

namespace ResilienceLab.Reporting.Summary;

/// <summary>
/// One of <see cref="Count"/> shards of a seed range, "index/count" (0-based, as a Kubernetes Indexed Job numbers its
/// pods): shard i runs the seeds at offsets i, i + count, i + 2·count, … from the range's first seed. Round-robin
/// rather than contiguous ranges so that a slow stretch of seeds is spread over every shard.
/// </summary>
/// <param name="Index">This shard, 0 ≤ index &lt; count.</param>
/// <param name="Count">How many shards the range is split into.</param>
public readonly record struct SeedShard(int Index, int Count)
{
    /// <summary>The property name runs.json records a shard under.</summary>
    public const string Property = "shard";

    /// <summary>The whole range as one shard.</summary>
    public static SeedShard All => new(0, 1);

    /// <summary>True when the seed at <paramref name="offset"/> from the first seed belongs to this shard.</summary>
    public bool Contains(long offset) => offset % Count == Index;

    /// <summary>The seed offsets of this shard in a range of <paramref name="seeds"/> seeds.</summary>
    public IEnumerable<int> Offsets(int seeds)
    {
        for (var offset = Index; offset < seeds; offset += Count)
        {
            yield return offset;
        }
    }

    /// <summary>Parses "index/count"; null (with the reason) when it is not that or out of range.</summary>
    public static SeedShard? Parse(string text, out string? error)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not a shard: use INDEX/COUNT, e.g. 0/4 (the index is 0-based, like JOB_COMPLETION_INDEX)";
            return null;
        }

        if (count < 1 || index >= count)
        {
            error = $"'{text}': the shard index must be at least 0 and below the count, and the count at least 1";
            return null;
        }

        error = null;
        return new SeedShard(index, count);
    }

    /// <summary>"index/count".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
