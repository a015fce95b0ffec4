namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// The Wing–Gong linearizability search with Lowe's memoisation, iterative.
/// </summary>
/// <remarks>
/// Calls and returns form one doubly linked list in time order (calls before returns at equal times,
/// so touching intervals count as concurrent). Scanning from the head, a call whose operation is legal
/// in the current state is linearized: unless (linearized set, new state) was seen before, it is
/// lifted out of the list (call and return) and pushed, and the scan restarts at the head. Reaching a
/// return means that operation had to be linearized already: pop the last choice, unlift it and try
/// the next call after it. Optional (info) operations have no return entry: the search may linearize
/// them anywhere after their call or never, and succeeds once every required operation is linearized.
/// </remarks>
internal static class WglSearch
{
    private const int Nil = -1;

    public static SearchResult Run(IReadOnlyList<PartitionOperation> ops, long initialState, long maxSteps, ulong seed = 0x5EED)
    {
        var n = ops.Count;
        var required = new bool[n];
        var remaining = 0;
        for (var i = 0; i < n; i++)
        {
            required[i] = ops[i].Required;
            remaining += required[i] ? 1 : 0;
        }

        // Node 0 is the head sentinel; the rest are calls and returns in time order.
        var events = new List<(long Time, int IsReturn, int Op)>(2 * n);
        for (var i = 0; i < n; i++)
        {
            events.Add((ops[i].Call, 0, i));
            if (required[i])
            {
                events.Add((ops[i].Return, 1, i));
            }
        }

        events.Sort();
        var nodes = events.Count + 1;
        var next = new int[nodes];
        var prev = new int[nodes];
        var opOf = new int[nodes];
        var isCall = new bool[nodes];
        var match = new int[nodes];
        var callNode = new int[n];
        Array.Fill(match, Nil);
        for (var k = 0; k < events.Count; k++)
        {
            var node = k + 1;
            var (_, isReturn, op) = events[k];
            opOf[node] = op;
            isCall[node] = isReturn == 0;
            if (isReturn == 0)
            {
                callNode[op] = node;
            }
            else
            {
                match[callNode[op]] = node;
            }
        }

        for (var node = 0; node < nodes; node++)
        {
            next[node] = node + 1 < nodes ? node + 1 : Nil;
            prev[node] = node - 1;
        }

        var set = new LinearizedSet(required, seed);
        var cache = new LinearizationCache();
        var stackNode = new int[n];
        var stackState = new long[n];
        var depth = 0;
        var state = initialState;
        long steps = 0;
        var entry = next[0];
        while (true)
        {
            if (remaining == 0)
            {
                var order = new int[depth];
                for (var d = 0; d < depth; d++)
                {
                    order[d] = opOf[stackNode[d]];
                }

                return new SearchResult(SearchOutcome.Linearizable, order, state, steps, cache.Count);
            }

            if (++steps > maxSteps)
            {
                return new SearchResult(SearchOutcome.BudgetExhausted, [], state, steps, cache.Count);
            }

            if (entry != Nil && isCall[entry])
            {
                var op = opOf[entry];
                if (ops[op].Model.Step(state, out var newState))
                {
                    set.Add(op);
                    if (cache.TryAdd(set, newState))
                    {
                        stackNode[depth] = entry;
                        stackState[depth] = state;
                        depth++;
                        state = newState;
                        Lift(entry);
                        remaining -= required[op] ? 1 : 0;
                        entry = next[0];
                        continue;
                    }

                    set.Remove(op);
                }

                entry = next[entry];
            }
            else
            {
                // A return (or the end): the operation it closes should have been linearized by now.
                if (depth == 0)
                {
                    return new SearchResult(SearchOutcome.NotLinearizable, [], state, steps, cache.Count);
                }

                depth--;
                var node = stackNode[depth];
                var op = opOf[node];
                state = stackState[depth];
                set.Remove(op);
                Unlift(node);
                remaining += required[op] ? 1 : 0;
                entry = next[node];
            }
        }

        void Remove(int node)
        {
            var (before, after) = (prev[node], next[node]);
            next[before] = after;
            if (after != Nil)
            {
                prev[after] = before;
            }
        }

        void Restore(int node)
        {
            var (before, after) = (prev[node], next[node]);
            next[before] = node;
            if (after != Nil)
            {
                prev[after] = node;
            }
        }

        void Lift(int call)
        {
            Remove(call);
            if (match[call] != Nil)
            {
                Remove(match[call]);
            }
        }

        void Unlift(int call)
        {
            if (match[call] != Nil)
            {
                Restore(match[call]);
            }

            Restore(call);
        }
    }
}
