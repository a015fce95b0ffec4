using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.FinalState;
using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Checkers.Liveness;
using ResilienceLab.Verification.Checkers.LostUpdates;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Checkers.TaskResumption;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification;

/// <summary>Runs every check on a merged history and returns the verdict the reports are written from.</summary>
public static class Verifier
{
    /// <summary>Every check, configured.</summary>
    public static IReadOnlyList<ICheck> CreateChecks(VerificationOptions? options = null)
    {
        options ??= new VerificationOptions();
        return
        [
            new MutualExclusionCheck(options.MutualExclusion),
            new TaskResumptionCheck(options.TaskResumption),
            new LostUpdatesCheck(options.LostUpdates),
            new LeaderSafetyCheck(options.LeaderSafety),
            new LinearizabilityCheck(options.Linearizability),
            new LivenessCheck(options.Liveness),
            new FinalStateCheck(),
        ];
    }

    /// <summary>
    /// Runs <paramref name="checks"/> (default: all of them) on the history. A check that throws yields an
    /// inconclusive result naming the exception rather than aborting the others.
    /// </summary>
    public static Verdict Verify(
        MergedHistory history,
        RunMetadata metadata,
        VerificationOptions? options = null,
        IReadOnlyList<HistoryProblem>? warnings = null,
        IReadOnlyList<ICheck>? checks = null,
        TimeProvider? timeProvider = null)
    {
        timeProvider ??= TimeProvider.System;
        var operations = OperationHistory.From(history);
        var results = new List<CheckResult>();
        foreach (var check in checks ?? CreateChecks(options))
        {
            var started = timeProvider.GetTimestamp();
            CheckResult result;
            try
            {
                result = check.Run(operations);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A check that breaks on a history is inconclusive; running out of memory is the process's problem, not
                // the check's, and goes to the caller (reslab check then lifts its heap cap and checks again).
                result = CheckResult.Inconclusive(check.Name, $"the check failed to run: {ex.GetType().Name}: {ex.Message}");
            }

            results.Add(result with { Elapsed = timeProvider.GetElapsedTime(started) });
        }

        return new Verdict { Metadata = metadata, Results = results, History = history, Operations = operations, Warnings = warnings ?? [] };
    }
}
