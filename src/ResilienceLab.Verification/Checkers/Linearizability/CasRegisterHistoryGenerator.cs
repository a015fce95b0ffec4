using System.Globalization;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Generates a seeded, linearizable CAS-register history: clients run read / write / CAS operations
/// against one register in virtual time, each taking effect at a random point inside its interval.
/// A small share time out (info): they take effect or not, at random.
/// </summary>
public static class CasRegisterHistoryGenerator
{
    /// <summary>The register key the generated history uses.</summary>
    public const string Key = "/registers/bench";

    private const int Values = 5;

    /// <summary>Generates <paramref name="operations"/> operations by <paramref name="clients"/> clients.</summary>
    /// <param name="operations">Number of operations (invokes).</param>
    /// <param name="clients">Concurrent clients (processes "client-0" …).</param>
    /// <param name="seed">The same seed gives the same history.</param>
    /// <param name="infoRate">Share of operations whose outcome is unknown.</param>
    public static IReadOnlyList<HistoryEntry> Generate(int operations, int clients, ulong seed, double infoRate = 0.005)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(operations);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        var random = new DeterministicRandom(unchecked((long)seed));
        var origin = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var entries = new List<HistoryEntry>(operations * 2);
        var queue = new PriorityQueue<(int Client, int Phase), (long Time, long Sequence)>();
        var pending = new Pending[clients];
        var ids = new long[clients];
        long sequence = 0;
        string? register = null;
        var started = 0;
        for (var c = 0; c < clients; c++)
        {
            queue.Enqueue((c, 0), (random.Next(100), sequence++));
        }

        while (queue.TryDequeue(out var item, out var priority))
        {
            var (client, phase) = item;
            var now = priority.Time;
            var process = $"client-{client}";
            var time = origin.AddTicks(now * 10);
            var p = pending[client];
            switch (phase)
            {
                case 0 when started < operations:
                    started++;
                    p = pending[client] = NewOperation(random, infoRate);
                    entries.Add(new HistoryEntry
                    {
                        Time = time, Process = process, Type = HistoryEntryType.Invoke, Op = p.Op, Id = ++ids[client], Key = Key,
                        Value = p.Op == HistoryOps.RegisterRead ? null : p.Value, Expected = p.Expected,
                    });
                    var toEffect = 20 + random.Next(1000);
                    queue.Enqueue((client, 1), (now + toEffect, sequence++));
                    queue.Enqueue((client, 2), (now + toEffect + 20 + random.Next(1000), sequence++));
                    break;
                case 1:
                    // The linearization point. An operation that times out takes effect only half the time.
                    if (!p.Info || random.Next(2) == 0)
                    {
                        p.Applied = true;
                        if (p.Op == HistoryOps.RegisterRead)
                        {
                            p.Value = register;
                        }
                        else if (p.Op == HistoryOps.RegisterWrite || register == p.Expected)
                        {
                            register = p.Value;
                            p.Swapped = true;
                        }
                    }

                    break;
                case 2:
                    entries.Add(new HistoryEntry
                    {
                        Time = time, Process = process, Op = p.Op, Id = ids[client], Key = Key, Expected = p.Expected,
                        Type = p.Info ? HistoryEntryType.Info : p.Op == HistoryOps.RegisterCas && !p.Swapped ? HistoryEntryType.Fail : HistoryEntryType.Ok,
                        Value = p.Info && p.Op == HistoryOps.RegisterRead ? null : p.Value,
                        Error = p.Info ? "timeout" : p.Op == HistoryOps.RegisterCas && !p.Swapped ? "compare failed" : null,
                    });
                    queue.Enqueue((client, 0), (now + random.Next(300), sequence++));
                    break;
            }
        }

        return entries;
    }

    private static Pending NewOperation(DeterministicRandom random, double infoRate)
    {
        var roll = random.Next(10);
        var op = roll < 4 ? HistoryOps.RegisterRead : roll < 7 ? HistoryOps.RegisterWrite : HistoryOps.RegisterCas;
        return new Pending
        {
            Op = op,
            Value = op == HistoryOps.RegisterRead ? null : random.Next(Values).ToString(CultureInfo.InvariantCulture),
            Expected = op == HistoryOps.RegisterCas ? random.Next(Values).ToString(CultureInfo.InvariantCulture) : null,
            Info = random.NextDouble() < infoRate,
        };
    }

    private sealed class Pending
    {
        public required string Op { get; init; }

        public string? Value { get; set; }

        public string? Expected { get; init; }

        public bool Info { get; init; }

        public bool Applied { get; set; }

        public bool Swapped { get; set; }
    }
}
