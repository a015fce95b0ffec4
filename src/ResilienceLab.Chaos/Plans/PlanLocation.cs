using System.Globalization;

namespace ResilienceLab.Chaos.Plans;

/// <summary>A 1-based line and column in a plan file; 0:0 when unknown.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct PlanLocation(int Line, int Column)
{
    /// <summary>The start of the file.</summary>
    public static PlanLocation Start { get; } = new(1, 1);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}");
}
