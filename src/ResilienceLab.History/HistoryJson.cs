using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ResilienceLab.History;

/// <summary>The one set of JSON options every history reader and writer uses.</summary>
/// <remarks>
/// The entry's contract is generated at compile time (<see cref="HistoryJsonContext"/>) instead of read by reflection at
/// run time: the same lines, without the reflection, so a natively compiled (ahead-of-time) reslab reads and writes
/// histories too, and a new process does not build the contract before its first line. Other types serialised with
/// <see cref="Options"/> are still resolved by reflection where reflection is on (everywhere but a native build).
/// </remarks>
public static class HistoryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(HistoryJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : HistoryJsonContext.Default,
    };

    /// <summary>The entry's contract under <see cref="Options"/>.</summary>
    internal static JsonTypeInfo<HistoryEntry> Entry { get; } = (JsonTypeInfo<HistoryEntry>)Options.GetTypeInfo(typeof(HistoryEntry));

    /// <summary>Serialises one entry as one line (no trailing newline).</summary>
    public static string Serialize(HistoryEntry entry) => JsonSerializer.Serialize(entry, Entry);
}
