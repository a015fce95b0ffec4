namespace ResilienceLab.Chaos.Plans;

/// <summary>How the counter worker increments the shared counter.</summary>
public enum CounterMode
{
    /// <summary>Compare-and-swap on the mod revision, retried on conflict: no update is lost.</summary>
    Cas,

    /// <summary>Read, then put: the lost-update bug the checkers must catch (negative controls).</summary>
    Unsafe,
}
