using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>The value shapes many fields share: durations and names.</summary>
internal static class PlanValues
{
    /// <summary>A name: a lowercase DNS label (reports, JUnit test cases and chaos events use it).</summary>
    public const string NamePattern = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    public static readonly ValueDefinition Duration = new("duration", () => new JsonObject
    {
        ["type"] = "string",
        ["pattern"] = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$",
        ["description"] = "A duration: number+unit parts, units ms, s, m, h (500ms, 2s, 1m30s, 1.5s, 1h).",
        ["examples"] = Presence.Strings(["500ms", "2s", "1m30s"]),
    });

    public static readonly ValueDefinition SignedDuration = new("signedDuration", () => new JsonObject
    {
        ["type"] = "string",
        ["pattern"] = "^-?([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$",
        ["description"] = "A duration that may be negative (-500ms).",
    });

    public static readonly ValueDefinition Name = new("name", () => new JsonObject
    {
        ["type"] = "string",
        ["pattern"] = NamePattern,
        ["description"] = "Lowercase letters, digits and '-', at most 63 characters.",
    });
}
