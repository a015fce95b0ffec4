namespace ResilienceLab.History;

/// <summary>The text of one history file (or an in-memory stand-in), named for error messages.</summary>
/// <param name="Name">The path or name shown in errors.</param>
/// <param name="Content">The whole JSON Lines text.</param>
public sealed record HistorySource(string Name, string Content);
