namespace ResilienceLab.Verification.Checkers.LostUpdates;

/// <summary>Name, violation kinds and defaults of the lost-updates check.</summary>
public static class LostUpdatesConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "lost-updates";

    /// <summary>The final value is below the acknowledged increments: some were lost.</summary>
    public const string LostUpdates = "lost-updates";

    /// <summary>The final value is above every increment that may have happened: some were applied twice.</summary>
    public const string PhantomUpdates = "phantom-updates";

    /// <summary>Default value of a counter before the first increment when no earlier read says otherwise.</summary>
    public const long DefaultInitialValue = 0;
}
