using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ResilienceLab.History.Diagnostics;

namespace ResilienceLab.History;

/// <summary>
/// Turns one JSON line into a <see cref="HistoryEntry"/> or a list of precise problems. Field presence,
/// types and names are checked on the JSON first so each message names the field; the entry is then
/// deserialised with <see cref="HistoryJson.Options"/>, the one mapping of the format.
/// </summary>
internal static partial class HistoryLineParser
{
    // A key written twice would otherwise mean "the last one wins": the writer never does it, so it is an error.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static readonly string[] RequiredFields = ["v", "time", "process", "type", "op"];

    // Derived from the attributes so a field added to HistoryEntry is known here without an edit.
    private static readonly HashSet<string> KnownFields = [.. typeof(HistoryEntry)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
        .OfType<string>()];

    private static readonly Dictionary<string, HistoryEntryType> Types = new(StringComparer.Ordinal)
    {
        ["invoke"] = HistoryEntryType.Invoke,
        ["ok"] = HistoryEntryType.Ok,
        ["fail"] = HistoryEntryType.Fail,
        ["info"] = HistoryEntryType.Info,
        ["event"] = HistoryEntryType.Event,
    };

    /// <summary>True when <paramref name="line"/> is syntactically valid JSON (used to tell a torn line).</summary>
    public static bool IsValidJson(string line, out JsonException? error)
    {
        try
        {
            using var _ = JsonDocument.Parse(line, Strict);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>Parses one line; on failure adds problems at <paramref name="location"/> and returns null.</summary>
    public static HistoryEntry? Parse(string line, HistoryLocation location, List<HistoryProblem> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Strict);
        }
        catch (JsonException ex)
        {
            problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, $"not valid JSON at column {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}"));
                return null;
            }

            var before = problems.Count;
            CheckFields(root, location, problems);
            if (problems.Count > before)
            {
                return null;
            }

            try
            {
                var entry = root.Deserialize(HistoryJson.Entry);
                if (entry is null)
                {
                    problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, "the line is JSON null"));
                }

                return entry;
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } path ? $"field '{path[2..]}'" : "the entry";
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"{field} has an invalid value: {FirstSentence(ex.Message)}"));
                return null;
            }
        }
    }

    private static void CheckFields(JsonElement root, HistoryLocation location, List<HistoryProblem> problems)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.UnknownField, $"unknown field '{DiagnosticText.Clean(property.Name)}' (the format defines: {string.Join(", ", KnownFields)})"));
            }
        }

        foreach (var name in RequiredFields)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.MissingField, $"missing required field '{name}'"));
            }
        }

        if (root.TryGetProperty("v", out var version) && version.ValueKind != JsonValueKind.Null)
        {
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"field 'v' must be an integer, found {Echo(version)}"));
            }
            else if (v != HistoryEntry.CurrentVersion)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.WrongVersion, $"format version {v} is not supported: this build reads version {HistoryEntry.CurrentVersion} (use a reslab built for version {v})"));
            }
        }

        if (root.TryGetProperty("type", out var type) && type.ValueKind != JsonValueKind.Null)
        {
            if (type.ValueKind != JsonValueKind.String || !Types.ContainsKey(type.GetString()!))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.UnknownType, $"unknown type {Echo(type)} (expected one of: {string.Join(", ", Types.Keys)})"));
            }
        }

        if (root.TryGetProperty("time", out var time) && time.ValueKind != JsonValueKind.Null)
        {
            // TryGetDateTimeOffset alone takes "2025-01-01" or a time without offset (read as local time): docs/history.md
            // requires date, time and offset, so the shape is checked too.
            if (time.ValueKind != JsonValueKind.String || !TimestampShape().IsMatch(time.GetString()!) || !time.TryGetDateTimeOffset(out _))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"field 'time' must be an ISO 8601 timestamp with date, time and offset (e.g. 2025-01-01T12:00:00.4+00:00), found {Echo(time)}"));
            }
        }

        foreach (var name in new[] { "id", "token", "revision" })
        {
            // Operation ids, fencing tokens and store revisions count up from 0 or 1: a negative one is corrupt input.
            if (root.TryGetProperty(name, out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out var n) && n < 0)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"field '{name}' must not be negative, found {n}"));
            }
        }

        foreach (var name in new[] { "process", "op" })
        {
            if (root.TryGetProperty(name, out var text) && text.ValueKind != JsonValueKind.Null
                && (text.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(text.GetString())))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"field '{name}' must be a non-empty string, found {Echo(text)}"));
            }
        }
    }

    /// <summary>A JSON value as found in the input, shortened and with control characters escaped.</summary>
    private static string Echo(JsonElement value) => DiagnosticText.Clean(value.GetRawText());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampShape();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
