using System.Collections.Frozen;
using System.Text;

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// The YAML spelling of the plan enums: the kebab-case form of each member (KillEtcdMember ↔ kill-etcd-member).
/// The loader, the JSON Schema (tested), the docs and reports use these names.
/// </summary>
public static class PlanNames
{
    /// <summary>The YAML name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Cache<T>.ToName[value];

    /// <summary>Every YAML name of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Cache<T>.Names;

    /// <summary>Parses an exact (case-sensitive) YAML name.</summary>
    public static bool TryParse<T>(string name, out T value)
        where T : struct, Enum => Cache<T>.FromName.TryGetValue(name, out value);

    /// <summary>PascalCase to kebab-case: LockHolder → lock-holder.</summary>
    internal static string ToKebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<T>().Select(v => ToKebab(v.ToString()))];

        public static readonly FrozenDictionary<T, string> ToName =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => ToKebab(v.ToString()));

        public static readonly FrozenDictionary<string, T> FromName =
            Enum.GetValues<T>().ToFrozenDictionary(v => ToKebab(v.ToString()), v => v, StringComparer.Ordinal);
    }
}
