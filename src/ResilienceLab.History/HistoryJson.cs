using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResilienceLab.History;

/// <summary>The one set of JSON options every history reader and writer uses.</summary>
public static class HistoryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Serialises one entry as one line (no trailing newline).</summary>
    public static string Serialize(HistoryEntry entry) => JsonSerializer.Serialize(entry, Options);
}
