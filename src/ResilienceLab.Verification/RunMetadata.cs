namespace ResilienceLab.Verification;

/// <summary>What a verdict is about: shown at the top of every report.</summary>
public sealed record RunMetadata
{
    /// <summary>A name for the run (a plan name, a directory).</summary>
    public required string Name { get; init; }

    /// <summary>The history files checked.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>When the verdict was made (from a TimeProvider), if the caller wants it recorded.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Anything else worth recording: seed, target, plan, options.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
