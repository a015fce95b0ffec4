using System.Text.RegularExpressions;

namespace ResilienceLab.Coordination.Nats.Internal;

/// <summary>Keys as NATS key-value buckets accept them: the workers' keys (<c>/tasks/7</c>) are used as they are.</summary>
internal static partial class NatsKeys
{
    /// <summary>Returns <paramref name="key"/> if a bucket accepts it; throws <see cref="ArgumentException"/> saying why not.</summary>
    public static string Check(string key)
    {
        if (string.IsNullOrEmpty(key) || !Valid().IsMatch(key) || key.StartsWith('.') || key.EndsWith('.'))
        {
            throw new ArgumentException($"'{key}' is not a valid NATS key-value key: use letters, digits and - / _ = . (not first or last), e.g. /locks/tasks/7.", nameof(key));
        }

        return key;
    }

    [GeneratedRegex("^[-/_=.A-Za-z0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();
}
