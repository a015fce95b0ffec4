namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>"Did you mean …?" for misspelt fields and values.</summary>
internal static class Spelling
{
    /// <summary>The candidate <paramref name="typed"/> most likely meant, or null when none is close.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var normalized = Normalize(typed);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var other = Normalize(candidate);
            if (other == normalized)
            {
                // lockTTL, lock_ttl, lock-ttl all mean lockTtl.
                return candidate;
            }

            var distance = Distance(normalized, other);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = Math.Max(1, Math.Min(3, normalized.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>The " (did you mean 'x'?)" suffix, or empty.</summary>
    public static string Suggestion(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } match ? $" (did you mean '{match}'?)" : string.Empty;

    private static string Normalize(string text) =>
        string.Concat(text.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant));

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
