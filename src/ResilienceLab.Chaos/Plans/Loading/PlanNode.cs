namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>A YAML node with its position: the loader's own small tree, so that every value keeps its line and column.</summary>
internal abstract class PlanNode(PlanLocation start)
{
    /// <summary>Where the node starts.</summary>
    public PlanLocation Start { get; } = start;

    /// <summary>Nodes in this subtree, counting every alias expansion (guards against alias bombs).</summary>
    public abstract long Size { get; }

    /// <summary>How a "found …" message names this node.</summary>
    public abstract string Describe();
}
