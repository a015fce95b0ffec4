using System.Text.Json.Serialization;

namespace ResilienceLab.History;

/// <summary>
/// Jepsen-style entry types. An operation is an <see cref="Invoke"/> followed by exactly one of
/// <see cref="Ok"/>, <see cref="Fail"/> or <see cref="Info"/> with the same process and op id; an
/// invoke with no completion (the process died) counts as <see cref="Info"/>. <see cref="Event"/> is
/// a one-shot observation (a lost lock, an observed leader, a chaos action, a process start).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<HistoryEntryType>))]
public enum HistoryEntryType
{
    /// <summary>The operation was started.</summary>
    [JsonStringEnumMemberName("invoke")]
    Invoke,

    /// <summary>The operation certainly took effect.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The operation certainly did not take effect.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Unknown whether the operation took effect (indeterminate).</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>An observation that is not an operation.</summary>
    [JsonStringEnumMemberName("event")]
    Event,
}
