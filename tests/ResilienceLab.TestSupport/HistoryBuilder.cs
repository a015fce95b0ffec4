using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.TestSupport;

/// <summary>Hand-made histories: times are seconds after <see cref="Origin"/>.</summary>
public sealed class HistoryBuilder
{
    public static readonly DateTimeOffset Origin = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<HistoryEntry> _entries = [];
    private readonly Dictionary<string, long> _ids = [];

    public IReadOnlyList<HistoryEntry> Entries => _entries;

    public static DateTimeOffset At(double seconds) => Origin.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public HistoryBuilder Ok(string process, double invokeAt, double completeAt, string op, string? key = null, string? value = null, long? token = null, string? expected = null, long? revision = null) =>
        Operation(process, invokeAt, completeAt, HistoryEntryType.Ok, op, key, value, token, expected, revision, null);

    public HistoryBuilder Fail(string process, double invokeAt, double completeAt, string op, string? key = null, string? value = null, long? token = null, string? expected = null, string error = "rejected") =>
        Operation(process, invokeAt, completeAt, HistoryEntryType.Fail, op, key, value, token, expected, null, error);

    public HistoryBuilder Info(string process, double invokeAt, double completeAt, string op, string? key = null, string? value = null, long? token = null, string? expected = null) =>
        Operation(process, invokeAt, completeAt, HistoryEntryType.Info, op, key, value, token, expected, null, "timeout");

    /// <summary>An invoke that never completes.</summary>
    public HistoryBuilder Open(string process, double invokeAt, string op, string? key = null, string? value = null, long? token = null, string? expected = null)
    {
        _entries.Add(new HistoryEntry { Time = At(invokeAt), Process = process, Type = HistoryEntryType.Invoke, Op = op, Id = NextId(process), Key = key, Value = value, Token = token, Expected = expected });
        return this;
    }

    public HistoryBuilder Event(string process, double at, string op, string? key = null, string? value = null, long? token = null, IReadOnlyDictionary<string, string>? details = null, long? revision = null)
    {
        _entries.Add(new HistoryEntry { Time = At(at), Process = process, Type = HistoryEntryType.Event, Op = op, Key = key, Value = value, Token = token, Details = details, Revision = revision });
        return this;
    }

    public HistoryBuilder Kill(string target, double at, string? role = null) =>
        Event("chaos", at, OperationHistory.KillOp, target, details: role is null ? null : new Dictionary<string, string> { ["role"] = role });

    /// <summary>A (re)start: the process numbers its operations from 1 again.</summary>
    public HistoryBuilder Start(string process, double at)
    {
        _ids.Remove(process);
        return Event(process, at, HistoryOps.ProcessStart);
    }

    public MergedHistory Build() => MergedHistory.FromEntries(_entries, "test");

    public OperationHistory Operations() => OperationHistory.From(Build());

    private HistoryBuilder Operation(string process, double invokeAt, double completeAt, HistoryEntryType type, string op, string? key, string? value, long? token, string? expected, long? revision, string? error)
    {
        var id = NextId(process);
        var isRead = op is HistoryOps.RegisterRead or HistoryOps.CounterRead;
        _entries.Add(new HistoryEntry { Time = At(invokeAt), Process = process, Type = HistoryEntryType.Invoke, Op = op, Id = id, Key = key, Value = isRead ? null : value, Expected = expected, Token = op is HistoryOps.LockAcquire or HistoryOps.LeaderCampaign ? null : token });
        _entries.Add(new HistoryEntry { Time = At(completeAt), Process = process, Type = type, Op = op, Id = id, Key = key, Value = value, Expected = expected, Token = token, Revision = revision, Error = error });
        return this;
    }

    private long NextId(string process) => _ids[process] = _ids.GetValueOrDefault(process) + 1;
}
