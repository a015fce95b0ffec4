using System.Globalization;
using System.Text;
using ResilienceLab.History.Files;

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
/// same line by an entry the restarted process appended — but only one fragment: a line holding a fragment longer
/// than one entry (two entry starts before the appended one) is an error. Any other invalid line is an error.
/// Files are streamed line by line (never read whole); only regular files are read (a FIFO would block, a device
/// never end); a line longer than <see cref="MaxLineLength"/> is an error; each file reports at most
/// <see cref="MaxProblemsPerSource"/> problems, then a count of the rest.
/// </remarks>
public static class HistoryReader
{
    /// <summary>The files a directory contributes: its top-level *.jsonl files, in ordinal name order.</summary>
    public const string FilePattern = "*.jsonl";

    /// <summary>Longest line read (characters); entries are a few hundred. A longer line is an error and is not kept in memory.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Problems printed per file; past it one summary problem counts the rest (a garbage file must not flood the terminal).</summary>
    public const int MaxProblemsPerSource = 50;

    private const string EntryStart = "{\"v\":";

    /// <summary>Reads files and directories (a directory contributes its top-level *.jsonl files, sorted by name).</summary>
    public static HistoryReadResult ReadPaths(IEnumerable<string> paths)
    {
        var problems = new List<HistoryProblem>();
        var sources = new List<(string Name, Func<Stream> Open)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.GetFiles(path, FilePattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    problems.Add(new HistoryProblem(new HistoryLocation(path, 0), HistoryProblemKind.UnreadableSource, $"no {FilePattern} files in directory"));
                }

                sources.AddRange(files.Where(f => IsReadable(f, problems)).Select(f => (f, Opener(f))));
            }
            else if (File.Exists(path))
            {
                if (IsReadable(path, problems))
                {
                    sources.Add((path, Opener(path)));
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
    public static HistoryReadResult Read(IEnumerable<HistorySource> sources) =>
        Read(sources.Select(s => (s.Name, (Func<Stream>)(() => new MemoryStream(Encoding.UTF8.GetBytes(s.Content))))), []);

    private static HistoryReadResult Read(IEnumerable<(string Name, Func<Stream> Open)> sources, List<HistoryProblem> problems)
    {
        var perSource = new List<List<(HistoryEntry Entry, int Line)>>();
        var names = new List<string>();
        var fast = new HistoryFastLineParser();
        foreach (var (name, open) in sources)
        {
            var index = names.Count;
            names.Add(name);
            perSource.Add([]);
            ReadSource(name, open, fast, perSource[index], problems);
        }

        var history = MergedHistory.Merge(perSource, names);
        HistoryPairingValidator.Validate(history.Entries, history.Locations, problems);
        return new HistoryReadResult(history, problems);
    }

    private static bool IsReadable(string path, List<HistoryProblem> problems)
    {
        // Asked before opening: opening a FIFO blocks until a writer comes, and /dev/zero never ends.
        if (FileKind.DescribeIfNotRegular(path) is not { } kind)
        {
            return true;
        }

        problems.Add(new HistoryProblem(new HistoryLocation(path, 0), HistoryProblemKind.UnreadableSource, $"is {kind}, not a regular file: give a history file or a directory of them"));
        return false;
    }

    private static Func<Stream> Opener(string path) => () =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);

    private static void ReadSource(string name, Func<Stream> open, HistoryFastLineParser fast, List<(HistoryEntry Entry, int Line)> located, List<HistoryProblem> problems)
    {
        var first = problems.Count;
        int suppressed = 0, suppressedErrors = 0;
        var unknownOps = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        try
        {
            using var stream = open();
            var lines = new HistoryLines(stream, MaxLineLength);
            while (lines.MoveNext())
            {
                lineNumber++;
                var location = new HistoryLocation(name, lineNumber);
                // A well-formed line (nearly all of them) is parsed where it lies in the read buffer; any other is
                // decoded and goes to the general parser, which names what is wrong.
                var entry = lines.IsKept && lines.Bytes.Length is > 0 and <= MaxLineLength ? fast.TryParse(lines.Bytes) : null;
                if (entry is not null)
                {
                    Accept(entry, location);
                }
                else
                {
                    ReadLine(lines.Decode(), location);
                }

                Cap();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new HistoryProblem(new HistoryLocation(name, 0), HistoryProblemKind.UnreadableSource, $"cannot read: {ex.Message}"));
        }

        Cap();
        if (suppressed > 0)
        {
            problems.Add(new HistoryProblem(
                new HistoryLocation(name, 0),
                suppressedErrors > 0 ? HistoryProblemKind.BadJson : HistoryProblemKind.EmptyLine,
                string.Create(CultureInfo.InvariantCulture, $"{suppressed} more problem(s) in this file not shown ({suppressedErrors} error(s), {suppressed - suppressedErrors} warning(s)); only the first {MaxProblemsPerSource} are printed"),
                IsWarning: suppressedErrors == 0));
        }

        // Keeps the first MaxProblemsPerSource problems of this source and counts the rest, so memory and output stay bounded.
        void Cap()
        {
            var excess = problems.Count - first - MaxProblemsPerSource;
            if (excess > 0)
            {
                var dropped = problems.GetRange(first + MaxProblemsPerSource, excess);
                suppressed += excess;
                suppressedErrors += dropped.Count(p => !p.IsWarning);
                problems.RemoveRange(first + MaxProblemsPerSource, excess);
            }
        }

        void ReadLine(HistoryLines.Line raw, HistoryLocation location)
        {
            if (raw.Text is null)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, string.Create(CultureInfo.InvariantCulture, $"line of {raw.Length} characters, longer than the {MaxLineLength} an entry may have: not a history line")));
                return;
            }

            if (raw.Text.IndexOf(HistoryLines.InvalidByteMark, StringComparison.Ordinal) is var invalid and >= 0)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, string.Create(CultureInfo.InvariantCulture, $"not UTF-8 text: invalid bytes at column {invalid + 1} (the writer writes UTF-8; the file is corrupt or not a history)")));
                return;
            }

            if (raw.Text.Length == 0)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.EmptyLine, "empty line", IsWarning: true));
                return;
            }

            if (ParseLine(raw.Text, location, !raw.EndsWithNewline, problems) is { } entry)
            {
                Accept(entry, location);
            }
        }

        void Accept(HistoryEntry entry, HistoryLocation location)
        {
            HistoryEntryValidator.Validate(entry, location, problems);
            if (!HistoryEntryValidator.IsKnownOp(entry.Op) && unknownOps.Add(entry.Op))
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.UnknownOp, $"op '{entry.Op}' is not in the vocabulary (docs/history.md); no checker reads it (later lines with this op in this file are not reported again)", IsWarning: true));
            }

            located.Add((entry, location.Line));
        }
    }

    private static HistoryEntry? ParseLine(string line, HistoryLocation location, bool isLastWithoutNewline, List<HistoryProblem> problems)
    {
        if (!HistoryLineParser.IsValidJson(line, out var jsonError))
        {
            if (isLastWithoutNewline)
            {
                problems.Add(new HistoryProblem(location, HistoryProblemKind.TornLastLine, $"torn last line ({line.Length} characters, no trailing newline, not valid JSON: {FirstSentence(jsonError!.Message)}): the writer was killed mid-write; the entry is treated as never recorded", IsWarning: true));
                return null;
            }

            if (TryRecoverAppended(line, location, problems, out var recovered))
            {
                return recovered;
            }
        }

        return HistoryLineParser.Parse(line, location, problems);
    }

    // A writer killed mid-line leaves a fragment of one entry with no newline; a restarted process appending to the
    // same file then continues on that line. So a recoverable line is exactly: a fragment holding no entry start,
    // then one appended entry. One scan and one parse: linear in the line's length, whatever it holds.
    private static bool TryRecoverAppended(string line, HistoryLocation location, List<HistoryProblem> problems, out HistoryEntry? entry)
    {
        entry = null;
        var at = line.IndexOf(EntryStart, 1, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        if (line.IndexOf(EntryStart, at + 1, StringComparison.Ordinal) >= 0)
        {
            problems.Add(new HistoryProblem(location, HistoryProblemKind.BadJson, string.Create(CultureInfo.InvariantCulture, $"not valid JSON, and more than one entry start on the line (columns {at + 1} and later): a killed writer leaves at most one torn fragment, so this is not a torn line")));
            return true;
        }

        if (!HistoryLineParser.IsValidJson(line[at..], out _))
        {
            return false;
        }

        problems.Add(new HistoryProblem(location, HistoryProblemKind.TornLine, $"torn fragment of {at} characters before an entry appended at column {at + 1}: a writer was killed mid-write and a restarted one appended to the file; the fragment is treated as never recorded", IsWarning: true));
        entry = HistoryLineParser.Parse(line[at..], location, problems);
        return true;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
