using ResilienceLab.History;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>History lines as a worker prints them on stdout, and log lines as its console logger does.</summary>
internal static class HistoryLines
{
    public static string Event(string process, string op, int second = 0) => HistoryJson.Serialize(new HistoryEntry
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(second),
        Process = process,
        Type = HistoryEntryType.Event,
        Op = op,
    });

    public static string Invoke(string process, long id, string op, string key, int second) => HistoryJson.Serialize(new HistoryEntry
    {
        Time = DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(second),
        Process = process,
        Type = HistoryEntryType.Invoke,
        Id = id,
        Op = op,
        Key = key,
    });

    public static string Log(string message) => $"2026-11-24T18:56:01.123Z info: ResilienceLab.Workers.TaskWorker[0] {message}";

    /// <summary>What a worker prints when it starts: process.start, a log line, process.ready, READY.</summary>
    public static IEnumerable<string> Startup(string pod) =>
    [
        Event(pod, HistoryOps.ProcessStart),
        Log("Startup state loading"),
        Event(pod, HistoryOps.ProcessReady, 1),
        Log($"READY replica={pod} revision=7"),
    ];
}
