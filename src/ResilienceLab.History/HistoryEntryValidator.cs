using System.Globalization;
using System.Reflection;

namespace ResilienceLab.History;

/// <summary>
/// The per-op rules of <see cref="HistoryOps"/> that a checker relies on (a lock acquisition that
/// succeeded carries its token, a committed step is an integer, ...). Checked once here so that no
/// checker has to skip an entry it cannot read.
/// </summary>
internal static class HistoryEntryValidator
{
    private static readonly HashSet<string> KnownOps = [.. typeof(HistoryOps)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(HistoryOps.ChaosPrefix))
        .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>True for ops in <see cref="HistoryOps"/> and any "chaos.*" op.</summary>
    public static bool IsKnownOp(string op) =>
        KnownOps.Contains(op) || op.StartsWith(HistoryOps.ChaosPrefix, StringComparison.Ordinal);

    public static void Validate(HistoryEntry entry, HistoryLocation location, List<HistoryProblem> problems)
    {
        if (entry.V != HistoryEntry.CurrentVersion)
        {
            problems.Add(new HistoryProblem(location, HistoryProblemKind.WrongVersion, $"format version {entry.V} is not supported: this build reads version {HistoryEntry.CurrentVersion}"));
        }

        if (string.IsNullOrWhiteSpace(entry.Process) || string.IsNullOrWhiteSpace(entry.Op))
        {
            problems.Add(new HistoryProblem(location, HistoryProblemKind.MissingField, "'process' and 'op' must be non-empty"));
            return;
        }

        var op = entry.Op;
        var isOperation = entry.Type != HistoryEntryType.Event;
        var needsKey = op.StartsWith("lock.", StringComparison.Ordinal) || op.StartsWith("task.", StringComparison.Ordinal)
            || op.StartsWith("leader.", StringComparison.Ordinal) || op.StartsWith("register.", StringComparison.Ordinal)
            || op.StartsWith("counter.", StringComparison.Ordinal);
        if (needsKey && string.IsNullOrEmpty(entry.Key))
        {
            Missing("key", $"every {op} names its key");
        }

        var ok = entry.Type == HistoryEntryType.Ok;
        switch (op)
        {
            case HistoryOps.LockAcquire when ok && entry.Token is null:
                Missing("token", "a successful lock.acquire carries its fencing token");
                break;
            case HistoryOps.LeaderCampaign when ok && entry.Token is null:
                Missing("token", "a successful leader.campaign carries its term");
                break;
            case HistoryOps.LeaderHeartbeat or HistoryOps.LeaderWrite when ok && entry.Token is null:
                Missing("token", $"a successful {op} carries the term that fenced it");
                break;
            case HistoryOps.LockWrite when ok && entry.Token is null:
                Missing("token", "a successful lock.write carries the fencing token that guarded it");
                break;
            case HistoryOps.TaskCommit when isOperation:
                Integer("value", entry.Value, required: true, "the step committed");
                Integer("expected", entry.Expected, required: false, "the previous step");
                if (ok && entry.Token is null)
                {
                    Missing("token", "a successful task.commit carries the fencing token that guarded it");
                }

                break;
            case HistoryOps.CounterRead when ok:
                Integer("value", entry.Value, required: true, "the value read");
                break;
            case HistoryOps.CounterIncrement when ok:
                Integer("value", entry.Value, required: false, "the value after the increment");
                break;
            case HistoryOps.RegisterWrite or HistoryOps.RegisterCas when entry.Type == HistoryEntryType.Invoke && entry.Value is null:
                Missing("value", $"a {op} names the value it writes");
                break;
        }

        void Missing(string field, string why) =>
            problems.Add(new HistoryProblem(location, HistoryProblemKind.MissingField, $"missing field '{field}' in {entry.Type.ToString().ToLowerInvariant()} {op}: {why}"));

        void Integer(string field, string? value, bool required, string meaning)
        {
            if (value is null)
            {
                if (required)
                {
                    Missing(field, $"it is {meaning}");
                }
            }
            else if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.InvalidValue, $"field '{field}' of {op} must be an integer ({meaning}), found \"{value}\""));
            }
        }
    }
}
