namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>A YAML sequence.</summary>
internal sealed class PlanSequence(PlanLocation start, IReadOnlyList<PlanNode> items) : PlanNode(start)
{
    public IReadOnlyList<PlanNode> Items { get; } = items;

    public override long Size { get; } = 1 + items.Sum(i => i.Size);

    public override string Describe() => "a list";
}
