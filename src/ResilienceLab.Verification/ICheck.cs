using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification;

/// <summary>A property checked against a recorded history.</summary>
public interface ICheck
{
    /// <summary>A stable, kebab-case name ("mutual-exclusion"); the JUnit testcase name.</summary>
    string Name { get; }

    /// <summary>Checks the history. Never throws for a history that passed the reader's validation.</summary>
    CheckResult Run(OperationHistory history);
}
