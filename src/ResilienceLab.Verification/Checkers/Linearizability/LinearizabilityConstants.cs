namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>Name, violation kind and defaults of the linearizability check.</summary>
public static class LinearizabilityConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "linearizability";

    /// <summary>A key's operations admit no legal sequential order consistent with real time.</summary>
    public const string NotLinearizable = "not-linearizable";

    /// <summary>The register model's name.</summary>
    public const string RegisterModel = "register";

    /// <summary>The counter model's name.</summary>
    public const string CounterModel = "counter";

    /// <summary>Automatic search budget per key: this many steps ...</summary>
    public const long BaseSearchSteps = 1_000_000;

    /// <summary>... plus this many per operation.</summary>
    public const long SearchStepsPerOperation = 200;
}
