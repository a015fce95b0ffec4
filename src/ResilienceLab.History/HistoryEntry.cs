using System.Text.Json.Serialization;

namespace ResilienceLab.History;

/// <summary>
/// One line of a history file (JSON Lines). The format is documented in docs/history.md and versioned
/// by <see cref="V"/>; this type is its only definition.
/// </summary>
public sealed record HistoryEntry
{
    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version.</summary>
    [JsonPropertyName("v")]
    public int V { get; init; } = CurrentVersion;

    /// <summary>When it happened, from the recording process's TimeProvider (virtual time in a simulation).</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>The recording process (replica name, "observer" or "chaos").</summary>
    [JsonPropertyName("process")]
    public required string Process { get; init; }

    /// <summary>Invoke, ok, fail, info or event.</summary>
    [JsonPropertyName("type")]
    public required HistoryEntryType Type { get; init; }

    /// <summary>The operation, one of <see cref="HistoryOps"/>.</summary>
    [JsonPropertyName("op")]
    public required string Op { get; init; }

    /// <summary>Per-process operation number shared by an invoke and its completion; 0 for events.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>The key (lock prefix, task key, counter key, election prefix) or the chaos target.</summary>
    [JsonPropertyName("key")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    /// <summary>The value written, read or observed.</summary>
    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }

    /// <summary>The expected value of a compare-and-swap.</summary>
    [JsonPropertyName("expected")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Expected { get; init; }

    /// <summary>Fencing token of a lock, or the term of a leadership.</summary>
    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Token { get; init; }

    /// <summary>The store revision the operation was served or committed at.</summary>
    [JsonPropertyName("revision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Revision { get; init; }

    /// <summary>Why an operation failed or is unknown.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>Free-form details (chaos action arguments, the role a chaos target held, TTLs).</summary>
    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Details { get; init; }
}
