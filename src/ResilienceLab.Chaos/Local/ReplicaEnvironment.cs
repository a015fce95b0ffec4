using System.Globalization;
using System.Reflection;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Local;

/// <summary>Turns a <see cref="ReplicaOptions"/> into the <c>RESLAB_Replica__…</c> variables the worker binds back into one.</summary>
internal static class ReplicaEnvironment
{
    /// <summary>Every setting of <paramref name="options"/> (nested sections included) as environment variables.</summary>
    public static Dictionary<string, string> From(ReplicaOptions options)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(options, $"{LocalReplicaSetConstants.EnvironmentPrefix}{WorkerConstants.ConfigurationSection}__", variables);
        return variables;
    }

    private static void Flatten(object section, string prefix, Dictionary<string, string> variables)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || property.GetValue(section) is not { } value)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (Format(value) is { } text)
            {
                if (property.CanWrite)
                {
                    variables[prefix + property.Name] = text;
                }
            }
            else if (type.IsClass && type.Namespace?.StartsWith("ResilienceLab", StringComparison.Ordinal) == true)
            {
                Flatten(value, $"{prefix}{property.Name}__", variables);
            }
        }
    }

    private static string? Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable f when value.GetType().IsPrimitive || value is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
