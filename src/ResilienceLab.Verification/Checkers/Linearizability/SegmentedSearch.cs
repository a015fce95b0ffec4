namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Runs <see cref="WglSearch"/> on a long partition one window at a time, so its memory follows the window and not
/// the history: a million-entry counter history needed hundreds of megabytes of search state in one piece.
/// </summary>
/// <remarks>
/// A window ends at a quiescent point: every operation before it returned before the next one was called (touching
/// intervals count as concurrent, as in the search), so every linearization orders the window's operations first.
/// The window's end state must also be the same in every linearization, so the next window can start from it: a
/// counter's always is (increments commute), a register's is when its last mutation was called after every other
/// mutation of the window returned. An operation of unknown outcome is open-ended, so no window ends after one.
/// Windows are at least <see cref="MinWindow"/> operations, so the search's fixed cost is paid rarely.
/// Only a linearizable verdict is taken from the windows: if a window is not linearizable or runs out of budget,
/// the result is null and the caller searches the whole partition, which finds and explains the failure as before.
/// </remarks>
internal static class SegmentedSearch
{
    /// <summary>Fewest operations in a window (a shorter partition is searched whole).</summary>
    public const int MinWindow = 2048;

    public static SearchResult? TryLinearize(IReadOnlyList<PartitionOperation> ops, long initialState, Func<int, long> budget)
    {
        if (ops.Count < 2 * MinWindow)
        {
            return null;
        }

        var state = initialState;
        long steps = 0;
        var configurations = 0;
        var start = 0;
        var maxReturn = long.MinValue;
        PartitionOperation? lastMutation = null;
        var returnBeforeLastMutation = long.MinValue;
        for (var j = 0; j <= ops.Count; j++)
        {
            var end = j == ops.Count;
            var quiescent = end || (maxReturn < ops[j].Call && j - start >= MinWindow && (lastMutation is null || returnBeforeLastMutation < lastMutation.Call));
            if (quiescent)
            {
                var window = new PartitionOperation[j - start];
                for (var k = 0; k < window.Length; k++)
                {
                    window[k] = ops[start + k];
                }

                var result = WglSearch.Run(window, state, budget(window.Length));
                if (result.Outcome != SearchOutcome.Linearizable)
                {
                    return null;
                }

                (state, steps, configurations) = (result.FinalState, steps + result.Steps, configurations + result.Configurations);
                (start, maxReturn, lastMutation, returnBeforeLastMutation) = (j, long.MinValue, null, long.MinValue);
                if (end)
                {
                    return new SearchResult(SearchOutcome.Linearizable, [], state, steps, configurations);
                }
            }

            var op = ops[j];
            maxReturn = Math.Max(maxReturn, op.Return);
            if (op.Model.Kind is ModelOperationKind.RegisterWrite or ModelOperationKind.RegisterCas)
            {
                returnBeforeLastMutation = Math.Max(returnBeforeLastMutation, lastMutation?.Return ?? long.MinValue);
                lastMutation = op;
            }
        }

        return null;
    }
}
