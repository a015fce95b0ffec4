using ResilienceLab.History;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>
/// A small run: worker-1 holds a task lock and is paused past its lease; worker-2 takes over; worker-3
/// leads an election. In the failing variant the paused holder's late write is accepted.
/// </summary>
internal static class SampleVerdicts
{
    public const string Lock = "/locks/tasks/1";
    public const string Task = "/tasks/1";
    private static readonly DateTimeOffset Origin = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Verdict Passing() => Verify(staleWriteAccepted: false);

    public static Verdict Failing() => Verify(staleWriteAccepted: true);

    public static Verdict Verify(bool staleWriteAccepted)
    {
        var history = MergedHistory.FromEntries(Entries(staleWriteAccepted), "sample");
        return Verifier.Verify(history, new RunMetadata { Name = staleWriteAccepted ? "sample-failing" : "sample-passing", Sources = ["sample"], Properties = new Dictionary<string, string> { ["seed"] = "7" } });
    }

    public static List<HistoryEntry> Entries(bool staleWriteAccepted)
    {
        var entries = new List<HistoryEntry>();
        var ids = new Dictionary<string, long>();
        void Op(string process, double from, double to, HistoryEntryType outcome, string op, string key, string? value = null, long? token = null, string? expected = null)
        {
            var id = ids[process] = ids.GetValueOrDefault(process) + 1;
            entries.Add(new HistoryEntry { Time = Origin.AddSeconds(from), Process = process, Type = HistoryEntryType.Invoke, Op = op, Id = id, Key = key, Value = value, Expected = expected, Token = op is HistoryOps.LockAcquire or HistoryOps.LeaderCampaign ? null : token });
            entries.Add(new HistoryEntry { Time = Origin.AddSeconds(to), Process = process, Type = outcome, Op = op, Id = id, Key = key, Value = value, Expected = expected, Token = token, Error = outcome == HistoryEntryType.Ok ? null : "fenced out" });
        }

        void Event(string process, double at, string op, string? key = null, long? token = null, Dictionary<string, string>? details = null) =>
            entries.Add(new HistoryEntry { Time = Origin.AddSeconds(at), Process = process, Type = HistoryEntryType.Event, Op = op, Key = key, Token = token, Details = details });

        foreach (var process in new[] { "worker-1", "worker-2", "worker-3" })
        {
            Event(process, 0, HistoryOps.ProcessStart);
        }

        Op("worker-3", 0.1, 0.5, HistoryEntryType.Ok, HistoryOps.LeaderCampaign, "/election", "worker-3", token: 5);
        Op("worker-1", 0.2, 0.4, HistoryEntryType.Ok, HistoryOps.LockAcquire, Lock, token: 10);
        Op("worker-1", 1.0, 1.2, HistoryEntryType.Ok, HistoryOps.TaskCommit, Task, "0", token: 10);
        Op("worker-1", 2.0, 2.2, HistoryEntryType.Ok, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0");
        Event("chaos", 3.0, "chaos.pause", "worker-1");
        Op("worker-2", 0.3, 13.5, HistoryEntryType.Ok, HistoryOps.LockAcquire, Lock, token: 14);
        Op("worker-2", 14.0, 14.2, HistoryEntryType.Ok, HistoryOps.TaskCommit, Task, "2", token: 14, expected: "1");
        Event("chaos", 15.0, "chaos.resume", "worker-1");
        Op("worker-1", 15.2, 15.4, staleWriteAccepted ? HistoryEntryType.Ok : HistoryEntryType.Fail, HistoryOps.TaskCommit, Task, "2", token: 10, expected: "1");
        Event("worker-1", 15.5, HistoryOps.LockLost, Lock, token: 10);
        Op("worker-2", 16.0, 16.2, HistoryEntryType.Ok, HistoryOps.TaskCommit, Task, "3", token: 14, expected: "2");
        Event("worker-2", 16.3, HistoryOps.TaskComplete, Task);
        Op("worker-2", 16.4, 16.5, HistoryEntryType.Ok, HistoryOps.LockRelease, Lock, token: 14);
        for (var t = 1.0; t < 20; t += 2)
        {
            Op("worker-3", t, t + 0.1, HistoryEntryType.Ok, HistoryOps.LeaderHeartbeat, "/leader/heartbeat", "beat", token: 5);
        }

        return entries;
    }
}
