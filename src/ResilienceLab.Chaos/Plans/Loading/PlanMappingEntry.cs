namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>One key of a mapping, where the key is written, and its value.</summary>
internal sealed record PlanMappingEntry(string Key, PlanLocation KeyLocation, PlanNode Value);
