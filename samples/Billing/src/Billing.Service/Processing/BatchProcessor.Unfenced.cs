using System.Globalization;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace Billing.Service;

internal sealed partial class BatchProcessor
{
    /// <summary>
    /// BUG (the buggy twin, <see cref="BillingOptions.UnfencedCheckpoints"/>): checks that the lock is still held, then writes the
    /// checkpoint with a plain put. Between the check and the put the holder can be paused past its lease, a successor can take
    /// the lock, and the put still lands — two holders write one batch's checkpoint. A team writing its own checkpoint
    /// records it as the primitive would (<c>task.commit</c> with the fencing token), which is how the checks see the
    /// stale write; unrecorded, it would show only as steps the successor committed twice or lost.
    /// </summary>
    private async Task<long?> CommitUnfencedAsync(BatchSpec batch, int step, ILockHandle handle, CancellationToken cancellationToken)
    {
        if (handle.Lost.IsCancellationRequested)
        {
            throw new LockLostException(handle.Name, handle.Token, handle.LostReason ?? "lost before the checkpoint was written");
        }

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
