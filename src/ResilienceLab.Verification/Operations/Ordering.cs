namespace ResilienceLab.Verification.Operations;

/// <summary>
/// What a history proves about order. Store revisions are a total order of commits, so two writes that
/// both carry one are ordered by it. Otherwise only real time is left, and an operation certainly took
/// effect after another only if it was invoked after the other completed (plus the clock-skew allowance,
/// since the times come from different processes' clocks).
/// </summary>
internal static class Ordering
{
    /// <summary>True when every operation carries a commit revision (then revision order is used).</summary>
    public static bool AllHaveRevisions(IEnumerable<Operation> operations) => operations.All(o => o.Revision is not null);

    /// <summary>
    /// Finds, for each operation that certainly took effect after another with a higher token, the first
    /// such pair (later, earlier-with-highest-token). Revision order when all carry revisions, else real time.
    /// </summary>
    public static IEnumerable<(Operation Later, Operation Earlier)> TokenInversions(IReadOnlyList<Operation> writes, TimeSpan clockSkew)
    {
        if (writes.Count < 2)
        {
            yield break;
        }

        if (AllHaveRevisions(writes))
        {
            Operation? max = null;
            foreach (var write in writes.OrderBy(w => w.Revision!.Value))
            {
                if (max is not null && write.Token < max.Token && write.Revision > max.Revision)
                {
                    yield return (write, max);
                }

                if (max is null || write.Token > max.Token)
                {
                    max = write;
                }
            }

            yield break;
        }

        // Sweep: for each write in invoke order, the highest token among writes that completed before it
        // was invoked (minus the skew allowance) must not exceed its own.
        var byCompletion = writes.Where(w => !w.IsOpen).OrderBy(w => w.CompleteTicks).ToList();
        var next = 0;
        Operation? highest = null;
        foreach (var write in writes.OrderBy(w => w.InvokeTicks))
        {
            while (next < byCompletion.Count && byCompletion[next].CompleteTime!.Value + clockSkew < write.InvokeTime)
            {
                if (highest is null || byCompletion[next].Token > highest.Token)
                {
                    highest = byCompletion[next];
                }

                next++;
            }

            if (highest is not null && write.Token < highest.Token)
            {
                yield return (write, highest);
            }
        }
    }
}
