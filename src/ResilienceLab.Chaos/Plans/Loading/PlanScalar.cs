using System.Text.RegularExpressions;

namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>A scalar and the YAML 1.2 core-schema type it resolves to.</summary>
internal sealed partial class PlanScalar(PlanLocation start, string value, ScalarKind kind) : PlanNode(start)
{
    private const string StringTag = "tag:yaml.org,2002:str";

    public string Value { get; } = value;

    public ScalarKind Kind { get; } = kind;

    /// <summary>Set for a node that stands in for something already reported (an unknown alias): readers skip it silently.</summary>
    public bool Invalid { get; init; }

    public override long Size => 1;

    /// <summary>Resolves a scalar's type the way YAML 1.2's core schema does; quoted and !!str scalars are strings.</summary>
    public static ScalarKind Classify(string value, bool plain, string? tag)
    {
        if (!plain || tag == StringTag)
        {
            return ScalarKind.String;
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Bool,
            _ when IntPattern().IsMatch(value) => ScalarKind.Int,
            _ when FloatPattern().IsMatch(value) => ScalarKind.Float,
            _ => ScalarKind.String,
        };
    }

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing (an empty value)",
        ScalarKind.Bool => Value,
        ScalarKind.Int or ScalarKind.Float => $"the number {Value}",
        _ => $"'{Shorten(Value)}'",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
