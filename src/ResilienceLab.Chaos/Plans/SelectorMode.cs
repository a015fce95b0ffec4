namespace ResilienceLab.Chaos.Plans;

/// <summary>How many of the candidate replicas a step hits (Chaos Mesh's selector modes).</summary>
public enum SelectorMode
{
    /// <summary>One candidate, chosen at random.</summary>
    One,

    /// <summary>Every candidate.</summary>
    All,

    /// <summary><c>value</c> candidates, chosen at random.</summary>
    Fixed,

    /// <summary><c>value</c> percent of the candidates (rounded down, at least one), chosen at random.</summary>
    FixedPercent,

    /// <summary>A random number of candidates between one and <c>value</c> percent of them.</summary>
    RandomMaxPercent,
}
