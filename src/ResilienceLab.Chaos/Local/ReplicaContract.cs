using System.Text;

namespace ResilienceLab.Chaos.Local;

/// <summary>
/// The replica contract (docs/replica-contract.md): what the controller hands each local replica, as
/// <c>RESLAB_*</c> environment variables (which a .NET service reads with <c>AddEnvironmentVariables("RESLAB_")</c> as
/// <c>Replica:Name</c>, <c>Store:Endpoints</c>, …) and as placeholders such as <c>${replica.name}</c> that expand, per
/// replica, in the arguments and environment of <c>target.replica</c>, so a service can read the same values under its
/// own configuration keys. <c>$${</c> writes a literal <c>${</c>.
/// </summary>
public static partial class ReplicaContract
{
    public const string Name = "replica.name";
    public const string Ordinal = "replica.ordinal";
    public const string HistoryPath = "replica.historyPath";
    public const string ReadyFile = "replica.readyFile";
    public const string FaultFile = "replica.faultFile";
    public const string StoreEndpoints = "store.endpoints";
    public const string StoreKind = "store.kind";
    public const string RunDirectory = "run.directory";

    /// <summary>
    /// Every placeholder that is also a variable, with its variable, in the order the contract's page lists them. (The
    /// reference worker refuses settings it does not know, so <see cref="Ordinal"/> and <see cref="RunDirectory"/> are
    /// placeholders only.)
    /// </summary>
    public static IReadOnlyList<(string Placeholder, string Variable)> Variables { get; } =
    [
        (Name, "RESLAB_Replica__Name"),
        (HistoryPath, "RESLAB_Replica__HistoryPath"),
        (ReadyFile, "RESLAB_Replica__ReadyFile"),
        (FaultFile, "RESLAB_Store__FaultFile"),
        (StoreEndpoints, "RESLAB_Store__Endpoints"),
        (StoreKind, "RESLAB_Store__Kind"),
    ];

    /// <summary>Every placeholder.</summary>
    public static IReadOnlyList<string> All { get; } = [Name, Ordinal, HistoryPath, ReadyFile, FaultFile, StoreEndpoints, StoreKind, RunDirectory];

    /// <summary>Whether <paramref name="name"/> can name an environment variable of a replica: letters, digits and '_', not starting with a digit.</summary>
    public static bool IsVariableName(string name) => VariableNamePattern().IsMatch(name);

    /// <summary>Whether the controller sets <paramref name="variable"/> itself (a plan may not).</summary>
    public static bool IsReserved(string variable) => Variables.Any(v => v.Variable == variable);

    /// <summary>The placeholder of a contract variable.</summary>
    public static string PlaceholderOf(string variable) => Variables.First(v => v.Variable == variable).Placeholder;

    /// <summary>The contract's values for one replica, by placeholder.</summary>
    public static Dictionary<string, string> Values(LocalReplica replica, string storeEndpoints, string storeKind, string runDirectory) => new(StringComparer.Ordinal)
    {
        [Name] = replica.Name,
        [Ordinal] = replica.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [HistoryPath] = replica.HistoryPath,
        [ReadyFile] = replica.ReadyFile,
        [FaultFile] = replica.FaultFile,
        [StoreEndpoints] = storeEndpoints,
        [StoreKind] = storeKind,
        [RunDirectory] = runDirectory,
    };

    /// <summary>The placeholders <paramref name="text"/> uses that do not exist, and any <c>${</c> left unclosed (as <c>${…</c>).</summary>
    public static IReadOnlyList<string> Unknown(string text)
    {
        var unknown = new List<string>();
        Expand(text, name =>
        {
            if (!All.Contains(name, StringComparer.Ordinal))
            {
                unknown.Add(name);
            }

            return string.Empty;
        });
        return unknown;
    }

    /// <summary>
    /// <paramref name="text"/> with every placeholder replaced by <paramref name="values"/>' value.
    /// </summary>
    /// <exception cref="ArgumentException">A placeholder has no value (or a <c>${</c> is not closed).</exception>
    public static string Expand(string text, IReadOnlyDictionary<string, string> values) =>
        Expand(text, name => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException(name.StartsWith("${", StringComparison.Ordinal)
                ? $"'{text}': a '${{' is not closed by '}}'"
                : $"'${{{name}}}' in '{text}' is not a placeholder of the replica contract; use one of {string.Join(", ", All.Select(a => "${" + a + "}"))}"));

    private static string Expand(string text, Func<string, string> value)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 2;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(value("${" + text[(i + 2)..]));
                    break;
                }

                result.Append(value(text[(i + 2)..close]));
                i = close;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex VariableNamePattern();
}
