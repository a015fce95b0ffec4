using System.Globalization;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace Billing.Service;

internal sealed partial class BatchProcessor
{
    /// <summary>
    /// BUG (the buggy twin, <see cref="BillingOptions.UnfencedCheckpoints"/>): trusts the lock from acquire to release — the
    /// batch loop does not stop on the lock's Lost signal, and the checkpoint is written with a plain put instead of the
    /// lock's fenced compare-and-swap. A holder paused past its lease (a GC pause, a throttled VM) resumes mid-chunk and
    /// writes its checkpoint over its successor's: two holders write one batch's checkpoint, and chunks are billed twice.
    /// A team writing its own checkpoint records it as the primitive would (<c>task.commit</c> with the fencing token),
    /// which is how the checks see the stale write; unrecorded, it would show only as steps committed twice or lost.
    /// </summary>
    private async Task<long?> CommitUnfencedAsync(BatchSpec batch, int step, ILockHandle handle, CancellationToken cancellationToken)
    {
        var key = keys.Checkpoint(batch.Id);
        var value = step.ToString(CultureInfo.InvariantCulture);
        var op = recorder?.Invoke(HistoryOps.TaskCommit, key, value, (step - 1).ToString(CultureInfo.InvariantCulture), handle.Token);
        try
        {
            var revision = await backend.PutAsync(key, value, cancellationToken);
            op?.Ok(revision: revision);
            if (step >= batch.Steps)
            {
                recorder?.Event(HistoryOps.TaskComplete, key, value, handle.Token, revision);
            }

            return revision;
        }
        catch (IndeterminateOutcomeException e)
        {
            op?.Info(e.Message);
            throw;
        }
        catch (StoreException e)
        {
            op?.Fail(e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            op?.Info("cancelled while the write was in flight");
            throw;
        }
    }
}
