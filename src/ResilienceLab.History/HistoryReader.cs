namespace ResilienceLab.History;

/// <summary>
/// Reads per-process JSON Lines history files (chaos events are one more such file, process "chaos")
/// and merges them into one <see cref="MergedHistory"/>. Every malformed line is reported with
/// file:line and what was wrong; all problems are collected, none is skipped silently.
/// </summary>
/// <remarks>
/// A torn last line — no trailing newline and not valid JSON, which is what a writer killed with
/// SIGKILL in the middle of a write leaves — is a <em>warning</em>, not an error: killing replicas is
/// what a chaos run does, and the operation on that line is treated as never recorded (its invoke,
/// if recorded, stays open and counts as info). The same holds for a torn fragment followed on the
/// same line by an entry the restarted process appended. Any other invalid line is an error.
/// </remarks>
public static class HistoryReader
{
    /// <summary>The files a directory contributes: its top-level *.jsonl files, in ordinal name order.</summary>
    public const string FilePattern = "*.jsonl";

    /// <summary>Reads files and directories (a directory contributes its top-level *.jsonl files, sorted by name).</summary>
    public static HistoryReadResult ReadPaths(IEnumerable<string> paths)
    {
        var problems = new List<HistoryProblem>();
        var sources = new List<HistorySource>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.GetFiles(path, FilePattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    problems.Add(new HistoryProblem(new HistoryLocation(path, 0), HistoryProblemKind.UnreadableSource, $"no {FilePattern} files in directory"));
                }

                sources.AddRange(files.Select(f => Load(f, problems)).OfType<HistorySource>());
            }
            else if (File.Exists(path))
            {
                if (Load(path, problems) is { } source)
                {
                    sources.Add(source);
                }
            }
            else
            {
                problems.Add(new HistoryProblem(new HistoryLocation(path, 0), HistoryProblemKind.UnreadableSource, "no such file or directory"));
            }
        }

        return Read(sources, problems);
    }

    /// <summary>Reads in-memory sources; ties in time are broken by the order of <paramref name="sources"/>, then by line.</summary>
    public static HistoryReadResult Read(IEnumerable<HistorySource> sources) => Read(sources, []);

    private static HistoryReadResult Read(IEnumerable<HistorySource> sources, List<HistoryProblem> problems)
    {
        var located = new List<(HistoryEntry Entry, HistoryLocation Location, int Source)>();
        var names = new List<string>();
        foreach (var source in sources)
        {
            var index = names.Count;
            names.Add(source.Name);
            ReadSource(source, index, located, problems);
        }

        var history = MergedHistory.Merge(located, names);
        HistoryPairingValidator.Validate(history.Entries, history.Locations, problems);
        return new HistoryReadResult(history, problems);
    }

    private static HistorySource? Load(string path, List<HistoryProblem> problems)
    {
        try
        {
            return new HistorySource(path, File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new HistoryProblem(new HistoryLocation(path, 0), HistoryProblemKind.UnreadableSource, $"cannot read: {ex.Message}"));
            return null;
        }
    }

    private static void ReadSource(HistorySource source, int sourceIndex, List<(HistoryEntry, HistoryLocation, int)> located, List<HistoryProblem> problems)
    {
        var lines = source.Content.Split('\n');

        // "a\nb\n" splits into ["a", "b", ""]: the empty piece after the final newline is not a line.
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var endsWithNewline = source.Content.Length == 0 || source.Content[^1] == '\n';
        var unknownOps = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var location = new HistoryLocation(source.Name, i + 1);
            if (line.Length == 0)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.EmptyLine, "empty line", IsWarning: true));
                continue;
            }

            var isTornCandidate = i == count - 1 && !endsWithNewline;
            var entry = ParseLine(line, location, isTornCandidate, problems);
            if (entry is null)
            {
                continue;
            }

            HistoryEntryValidator.Validate(entry, location, problems);
            if (!HistoryEntryValidator.IsKnownOp(entry.Op) && unknownOps.Add(entry.Op))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.UnknownOp, $"op '{entry.Op}' is not in the vocabulary (docs/history.md); no checker reads it (later lines with this op in this file are not reported again)", IsWarning: true));
            }

            located.Add((entry, location, sourceIndex));
        }
    }

    private static HistoryEntry? ParseLine(string line, HistoryLocation location, bool isLastWithoutNewline, List<HistoryProblem> problems)
    {
        if (!HistoryLineParser.IsValidJson(line, out var jsonError))
        {
            if (isLastWithoutNewline)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.TornLastLine, $"torn last line ({line.Length} characters, no trailing newline, not valid JSON: {jsonError!.Message.Split(". ")[0]}): the writer was killed mid-write; the entry is treated as never recorded", IsWarning: true));
                return null;
            }

            if (TryRecoverAppended(line, location, problems, out var recovered))
            {
                return recovered;
            }
        }

        return HistoryLineParser.Parse(line, location, problems);
    }

    // A writer killed mid-line leaves a fragment with no newline; a restarted process appending to the
    // same file then continues on that line. Recover the appended entry and warn about the fragment.
    private static bool TryRecoverAppended(string line, HistoryLocation location, List<HistoryProblem> problems, out HistoryEntry? entry)
    {
        const string EntryStart = "{\"v\":";
        for (var at = line.IndexOf(EntryStart, 1, StringComparison.Ordinal); at > 0; at = line.IndexOf(EntryStart, at + 1, StringComparison.Ordinal))
        {
            var rest = line[at..];
            if (!HistoryLineParser.IsValidJson(rest, out _))
            {
                continue;
            }

            problems.Add(new HistoryProblem(location, HistoryProblemKind.TornLine, $"torn fragment of {at} characters before an entry appended at column {at + 1}: a writer was killed mid-write and a restarted one appended to the file; the fragment is treated as never recorded", IsWarning: true));
            entry = HistoryLineParser.Parse(rest, location, problems);
            return true;
        }

        entry = null;
        return false;
    }
}
