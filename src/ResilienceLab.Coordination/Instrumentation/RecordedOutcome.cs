using System.Diagnostics;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>
/// The one rule by which a recorded mutation that ended in an exception is completed: <c>fail</c> when it certainly did not
/// apply (a definite store error, a fence that rejected it, a compare-and-swap that ran out of retries), <c>info</c> when its
/// outcome is unknown (a lost reply, a cancellation while in flight, anything unexpected). Also marks the activity failed.
/// </summary>
internal static class RecordedOutcome
{
    public static void Completed(HistoryOperation? op, Exception error, Activity? activity, string operation, string what)
    {
        if (error is OperationCanceledException)
        {
            op?.Info($"cancelled while the {what} was in flight");
            return;
        }

        if (CertainlyNotApplied(error))
        {
            op?.Fail(error.Message);
        }
        else
        {
            op?.Info(error.Message);
        }

        if (error is LockLostException)
        {
            CoordinationMetrics.FencedRejected.Add(1, new KeyValuePair<string, object?>("kind", "lock"));
        }
        else if (error is NotLeaderException)
        {
            CoordinationMetrics.FencedRejected.Add(1, new KeyValuePair<string, object?>("kind", "leader"));
        }
        else
        {
            CoordinationMetrics.Failed(activity, error, operation);
        }
    }

    private static bool CertainlyNotApplied(Exception error) =>
        error is LockLostException or NotLeaderException or CasConflictException
        || error is StoreException and not IndeterminateOutcomeException;
}
