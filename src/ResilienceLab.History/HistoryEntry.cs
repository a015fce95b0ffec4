using System.Text.Json.Serialization;

namespace ResilienceLab.History;

/// <summary>
/// One line of a history file (JSON Lines). The format is documented in docs/history.md and versioned
/// by <see cref="V"/>; this type is its only definition.
/// </summary>
/// <remarks>
/// A check holds every entry of a history in memory (a million for a long run), so the layout is kept small: the
/// optional numbers are stored without a Nullable's flag word (absent = <see cref="long.MinValue"/>, a value no
/// writer records: ids, tokens and revisions are never negative), and the three fields most entries leave out
/// (expected, error, details) share one extra object that exists only when one of them is set.
/// </remarks>
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
    public string? Expected
    {
        get => _rare?.Expected;
        init => _rare = Rare.With(_rare, value, Error, Details);
    }

    /// <summary>Fencing token of a lock, or the term of a leadership.</summary>
    [JsonPropertyName("token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Token
    {
        get => _token == Absent ? null : _token;
        init => _token = value ?? Absent;
    }

    /// <summary>The store revision the operation was served or committed at.</summary>
    [JsonPropertyName("revision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Revision
    {
        get => _revision == Absent ? null : _revision;
        init => _revision = value ?? Absent;
    }

    /// <summary>Why an operation failed or is unknown.</summary>
    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error
    {
        get => _rare?.Error;
        init => _rare = Rare.With(_rare, Expected, value, Details);
    }

    /// <summary>Free-form details (chaos action arguments, the role a chaos target held, TTLs).</summary>
    [JsonPropertyName("details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Details
    {
        get => _rare?.Details;
        init => _rare = Rare.With(_rare, Expected, Error, value);
    }

    private const long Absent = long.MinValue;

    private readonly long _token = Absent;
    private readonly long _revision = Absent;
    private readonly Rare? _rare;

    // Record equality compares this by value, as it compared the three properties before.
    private sealed record Rare(string? Expected, string? Error, IReadOnlyDictionary<string, string>? Details)
    {
        public static Rare? With(Rare? current, string? expected, string? error, IReadOnlyDictionary<string, string>? details) =>
            expected is null && error is null && details is null ? null
            : current is not null && ReferenceEquals(current.Expected, expected) && ReferenceEquals(current.Error, error) && ReferenceEquals(current.Details, details) ? current
            : new Rare(expected, error, details);
    }
}
