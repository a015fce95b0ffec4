namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>A YAML mapping with unique keys, in file order (duplicates are reported by the reader and dropped).</summary>
internal sealed class PlanMapping(PlanLocation start, IReadOnlyList<PlanMappingEntry> entries) : PlanNode(start)
{
    public IReadOnlyList<PlanMappingEntry> Entries { get; } = entries;

    public override long Size { get; } = 1 + entries.Sum(e => 1 + e.Value.Size);

    public override string Describe() => "a mapping";
}
