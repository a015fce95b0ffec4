namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>An orphaned task was taken over.</summary>
/// <param name="Orphaning">How and when it was orphaned.</param>
/// <param name="NewHolder">Who resumed it, and when.</param>
public sealed record TaskResumptionRecord(TaskOrphaning Orphaning, TaskHolder NewHolder)
{
    /// <summary>How long the task had no holder.</summary>
    public TimeSpan Latency => NewHolder.Since - Orphaning.At;
}
