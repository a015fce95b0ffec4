namespace ResilienceLab.Chaos.Plans;

/// <summary>What a store-fault step makes store calls do.</summary>
public enum StoreFaultKind
{
    /// <summary>Fail before reaching the store: the operation did not happen.</summary>
    Unavailable,

    /// <summary>Commit, then lose the reply: the caller cannot know whether the operation happened (history outcome info).</summary>
    Indeterminate,
}
