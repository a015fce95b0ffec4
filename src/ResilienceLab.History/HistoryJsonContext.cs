using System.Text.Json.Serialization;

namespace ResilienceLab.History;

/// <summary>The compile-time JSON contract of <see cref="HistoryEntry"/>; <see cref="HistoryJson.Options"/> holds the settings.</summary>
[JsonSerializable(typeof(HistoryEntry))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
