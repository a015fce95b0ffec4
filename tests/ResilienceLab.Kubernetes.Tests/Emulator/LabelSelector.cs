namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// The API server's labelSelector syntax: comma-separated requirements <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k</c> (exists), <c>!k</c> (does not exist), <c>k in (a,b)</c>, <c>k notin (a,b)</c>.
/// </summary>
internal static class LabelSelector
{
    /// <summary>The predicate for <paramref name="selector"/>; empty or null matches everything.</summary>
    /// <exception cref="FormatException">The selector does not parse.</exception>
    public static Func<IReadOnlyDictionary<string, string>, bool> Parse(string? selector)
    {
        var requirements = Split(selector ?? "").Select(ParseRequirement).ToList();
        return labels => requirements.All(r => r(labels));
    }

    private static IEnumerable<string> Split(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || selector[i] == ',' && depth == 0)
            {
                var part = selector[start..i].Trim();
                if (part.Length > 0)
                {
                    yield return part;
                }

                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string requirement)
    {
        if (requirement.StartsWith('!'))
        {
            var key = requirement[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        foreach (var (op, negate) in new[] { (" notin ", true), (" in ", false) })
        {
            var at = requirement.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = requirement[..at].Trim();
                var list = requirement[(at + op.Length)..].Trim();
                if (!list.StartsWith('(') || !list.EndsWith(')'))
                {
                    throw new FormatException($"unable to parse requirement: {requirement}");
                }

                var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || !values.Contains(v)
                    : labels => labels.TryGetValue(key, out var v) && values.Contains(v);
            }
        }

        foreach (var (op, negate) in new[] { ("!=", true), ("==", false), ("=", false) })
        {
            var at = requirement.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = requirement[..at].Trim();
                var value = requirement[(at + op.Length)..].Trim();
                return negate
                    ? labels => !labels.TryGetValue(key, out var v) || v != value
                    : labels => labels.TryGetValue(key, out var v) && v == value;
            }
        }

        var exists = requirement.Trim();
        return exists.Any(char.IsWhiteSpace)
            ? throw new FormatException($"unable to parse requirement: {requirement}")
            : labels => labels.ContainsKey(exists);
    }
}
