namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Just-in-time linearization (Lowe), the forward counterpart of <see cref="WglSearch"/>: it walks the
/// history once, keeping the frontier of configurations (which pending operations are linearized, model
/// state) consistent with everything so far. At an operation's return only the configurations in which it
/// is, or can now be, linearized (after any other pending operations) survive. The first return that
/// empties the frontier is exactly where the smallest failing prefix ends — found in one pass, where
/// proving the same with WGL means exhausting every order of the prefix, which explodes on long histories.
/// </summary>
/// <remarks>
/// Operations are linearized only when some return needs them (just in time): an operation linearized
/// later than it could have been loses nothing, since it stays pending until its own return. Pending
/// operations get one of 64 slots (a bitmask); a history with more than 64 operations pending at once
/// (operations of unknown outcome stay pending for ever) is out of this search's reach. Two reductions keep
/// the frontier small. Required operations that leave the state unchanged (reads, failed CASes) are
/// linearized eagerly whenever legal: a configuration that has done so dominates one that has not (it has
/// the same state and fewer obligations). Optional (info) operations with the same effect are
/// interchangeable, so only the first is tried. And a configuration that linearized one more optional
/// operation than another with the same state is dominated (not linearizing it keeps every option open).
/// </remarks>
internal static class FrontierSearch
{
    private const int MaxSlots = 64;

    public static FrontierResult Run(IReadOnlyList<PartitionOperation> ops, long initialState, long maxWork)
    {
        var events = new List<(long Time, int IsReturn, int Op)>(2 * ops.Count);
        for (var i = 0; i < ops.Count; i++)
        {
            events.Add((ops[i].Call, 0, i));
            if (ops[i].Required)
            {
                events.Add((ops[i].Return, 1, i));
            }
        }

        events.Sort();
        var slotOf = new int[ops.Count];
        ulong free = ulong.MaxValue;
        var pending = new List<int>();
        var reads = new List<int>();
        var tried = new HashSet<ModelOperation>();
        var frontier = new HashSet<(ulong Bits, long State)> { (0UL, initialState) };
        var next = new HashSet<(ulong Bits, long State)>();
        var seen = new HashSet<(ulong Bits, long State)>();
        var level = new List<(ulong Bits, long State)>();
        var deeper = new List<(ulong Bits, long State)>();
        long work = 0;
        foreach (var (_, isReturn, op) in events)
        {
            if (isReturn == 0)
            {
                if (free == 0)
                {
                    return new FrontierResult(SearchOutcome.BudgetExhausted, -1, work);
                }

                slotOf[op] = System.Numerics.BitOperations.TrailingZeroCount(free);
                free &= ~(1UL << slotOf[op]);
                pending.Add(op);
                if (IsReadOnly(ops[op]))
                {
                    reads.Add(op);
                    var saturated = new HashSet<(ulong Bits, long State)>();
                    foreach (var (bits, state) in frontier)
                    {
                        saturated.Add((Saturate(bits, state), state));
                    }

                    frontier = saturated;
                }

                continue;
            }

            // Configurations that already linearized the returning operation carry over; the others must linearize it now.
            var mask = 1UL << slotOf[op];
            next.Clear();
            level.Clear();
            foreach (var configuration in frontier)
            {
                if ((configuration.Bits & mask) != 0)
                {
                    next.Add((configuration.Bits & ~mask, configuration.State));
                }
                else
                {
                    level.Add(configuration);
                }
            }

            seen.Clear();
            seen.UnionWith(level);
            while (level.Count > 0)
            {
                deeper.Clear();
                foreach (var (bits, current) in level)
                {
                    if (++work > maxWork)
                    {
                        return new FrontierResult(SearchOutcome.BudgetExhausted, -1, work);
                    }

                    tried.Clear();
                    foreach (var candidate in pending)
                    {
                        var bit = 1UL << slotOf[candidate];
                        var operation = ops[candidate];
                        if ((bits & bit) != 0 || (!operation.Required && !tried.Add(operation.Model)) || !operation.Model.Step(current, out var state))
                        {
                            continue;
                        }

                        if (candidate == op)
                        {
                            // Linearized last; its slot is freed, so its bit is never kept.
                            next.Add((Saturate(bits, state) & ~mask, state));
                        }
                        else if (operation.Required || !seen.Contains((bits, state)))
                        {
                            var extended = Saturate(bits | bit, state);
                            if ((extended & mask) != 0)
                            {
                                // The returning operation (read-only) became legal and was linearized by saturation.
                                next.Add((extended & ~mask, state));
                            }
                            else if (seen.Add((extended, state)))
                            {
                                deeper.Add((extended, state));
                            }
                        }
                    }
                }

                (level, deeper) = (deeper, level);
            }

            if (next.Count == 0)
            {
                return new FrontierResult(SearchOutcome.NotLinearizable, op, work);
            }

            pending.Remove(op);
            reads.Remove(op);
            free |= mask;
            frontier = Prune(next, pending, ops, slotOf);
        }

        return new FrontierResult(SearchOutcome.Linearizable, -1, work);

        // Linearizes every pending read-only operation that is legal in this state.
        ulong Saturate(ulong bits, long state)
        {
            foreach (var read in reads)
            {
                var bit = 1UL << slotOf[read];
                if ((bits & bit) == 0 && ops[read].Model.Step(state, out _))
                {
                    bits |= bit;
                }
            }

            return bits;
        }
    }

    private static bool IsReadOnly(PartitionOperation op) =>
        op.Required && op.Model.Kind is ModelOperationKind.RegisterRead or ModelOperationKind.CounterRead or ModelOperationKind.RegisterCasFailed;

    // Drops configurations dominated by one with the same state and one optional operation fewer linearized.
    private static HashSet<(ulong Bits, long State)> Prune(HashSet<(ulong Bits, long State)> next, List<int> pending, IReadOnlyList<PartitionOperation> ops, int[] slotOf)
    {
        ulong optional = 0;
        foreach (var p in pending)
        {
            if (!ops[p].Required)
            {
                optional |= 1UL << slotOf[p];
            }
        }

        var kept = new HashSet<(ulong Bits, long State)>();
        foreach (var (bits, state) in next)
        {
            var dominated = false;
            for (var linearized = bits & optional; linearized != 0 && !dominated; linearized &= linearized - 1)
            {
                dominated = next.Contains((bits & ~(linearized & (~linearized + 1)), state));
            }

            if (!dominated)
            {
                kept.Add((bits, state));
            }
        }

        return kept;
    }
}
