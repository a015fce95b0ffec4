namespace ResilienceLab.Chaos.Selection;

/// <summary>A replica a step hit, and the role it was hit for with the store's evidence (key, token/term, revision).</summary>
public sealed record SelectedReplica(string Name, string Role, string? Evidence);
