using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.LeaderSafety;

/// <summary>Rebuilds leadership terms with the same rules as lock holds (leader.resign, leader.lost, death, hang).</summary>
public static class LeaderTermReconstruction
{
    /// <summary>Every term, ordered by election time.</summary>
    public static IReadOnlyList<LeaderTerm> Reconstruct(OperationHistory history) =>
        [.. LockHoldReconstruction.Spans(history, HistoryOps.LeaderCampaign, HistoryOps.LeaderResign, HistoryOps.LeaderLost)
            .Select(s => new LeaderTerm
            {
                Election = s.Acquisition.Key!,
                Process = s.Acquisition.Process,
                Term = s.Acquisition.Token!.Value,
                Elected = s.Acquisition.CompleteTime!.Value,
                Ended = s.Ended,
                EndReason = s.Reason,
                Campaign = s.Acquisition,
            })];
}
