using System.Text;

namespace ResilienceLab.History.Tests;

/// <summary>Input a hostile or careless user gives `reslab check` (issue #18): each must end in a bounded, clear answer.</summary>
public sealed class HistoryReaderHostileInputTests
{
    private const string Valid = "{\"v\":1,\"time\":\"2025-01-01T12:00:00+00:00\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}";

    private static string Entry(int i) =>
        HistoryJson.Serialize(new HistoryEntry { Time = HistoryBuilder.At(i), Process = "w", Type = HistoryEntryType.Event, Op = HistoryOps.ProcessStart, Id = 0 });

    private static HistoryReadResult Read(string content) => HistoryReader.Read([new HistorySource("w.jsonl", content)]);

    private static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-hostile-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Read_LineOfManyConcatenatedEntries_IsAnErrorNotARecoveryOfTheLast()
    {
        // Before: every suffix was parsed (quadratic) and the last entry kept with a warning.
        var line = string.Concat(Enumerable.Range(0, 500).Select(Entry));

        var result = Read(line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(HistoryProblemKind.BadJson, error.Kind);
        Assert.Contains("more than one entry start", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.History.Entries);
    }

    [Fact]
    public void Read_LineLongerThanTheLimit_IsAnErrorStatingItsLength()
    {
        var line = new string('x', HistoryReader.MaxLineLength + 10);

        var result = Read(line + "\n" + Valid + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("w.jsonl:1", error.Location.ToString());
        Assert.Contains($"line of {HistoryReader.MaxLineLength + 10} characters", error.Message, StringComparison.Ordinal);
        Assert.Single(result.History.Entries);
    }

    [Fact]
    public void ReadPaths_Fifo_IsRefusedWithoutOpeningIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-fifo-{Guid.NewGuid():N}");
        Fifo.Create(path);

        try
        {
            // Before: the open blocked forever, waiting for a writer.
            var result = HistoryReader.ReadPaths([path]);

            var error = Assert.Single(result.Errors);
            Assert.Equal(HistoryProblemKind.UnreadableSource, error.Kind);
            Assert.Contains("is a FIFO (named pipe), not a regular file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadPaths_DeviceReportingSizeZero_IsRefused()
    {
        // Before: /dev/zero was read until memory ran out.
        var result = HistoryReader.ReadPaths(["/dev/zero"]);

        Assert.Contains("is a character device, not a regular file", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ThousandsOfProblems_KeepsTheFirstFewThenCountsTheRest()
    {
        var content = new StringBuilder();
        content.Append(new string('\n', 10_000));
        content.Append(string.Concat(Enumerable.Repeat("garbage\n", 3_000)));

        var result = Read(content.ToString());

        var all = result.Errors.Concat(result.Warnings).ToList();
        Assert.Equal(HistoryReader.MaxProblemsPerSource + 1, all.Count);
        var summary = Assert.Single(all, p => p.Location.Line == 0);
        Assert.False(summary.IsWarning);
        Assert.Contains($"{13_000 - HistoryReader.MaxProblemsPerSource} more problem(s) in this file not shown (3000 error(s), {10_000 - HistoryReader.MaxProblemsPerSource} warning(s))", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ControlCharactersAndAHugeValue_AreEscapedAndShortened()
    {
        var huge = new string('a', 50_000);
        var content = $"{{\"v\":1,\"time\":\"2025-01-01T12:00:00+00:00\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\",\"bogus\\u001b[31m\":1}}\n"
            + $"{{\"v\":\"{huge}\",\"time\":\"2025-01-01T12:00:00+00:00\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}}\n";

        var printed = Read(content).Errors.Select(e => e.ToString()).ToList();

        Assert.Equal(2, printed.Count);
        Assert.DoesNotContain(printed, p => p.Any(char.IsControl));
        Assert.Contains("bogus\\u001b[31m", printed[0], StringComparison.Ordinal);
        Assert.All(printed, p => Assert.True(p.Length < 2 * HistoryProblem.MaxPrintedMessage, $"{p.Length} characters printed"));
        Assert.Contains("(50002 characters)", printed[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-01-01")]
    [InlineData("2025-01-01T12:00:00")]
    [InlineData("2025-01-01T12:00:00.5")]
    [InlineData("12:00:00+00:00")]
    public void Read_TimestampWithoutDateTimeAndOffset_IsInvalidValue(string time)
    {
        var result = Read($"{{\"v\":1,\"time\":\"{time}\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(HistoryProblemKind.InvalidValue, error.Kind);
        Assert.Contains("field 'time' must be an ISO 8601 timestamp with date, time and offset", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-01-01T12:00:00Z")]
    [InlineData("2025-01-01T12:00:00.4+00:00")]
    [InlineData("2025-01-01T12:00:00.1234567-05:30")]
    public void Read_TimestampWithOffset_IsValid(string time)
    {
        Assert.True(Read($"{{\"v\":1,\"time\":\"{time}\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}}\n").IsValid);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("token")]
    [InlineData("revision")]
    public void Read_NegativeNumber_IsInvalidValue(string field)
    {
        var result = Read($"{{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\",\"{field}\":-1}}\n");

        Assert.Contains($"field '{field}' must not be negative, found -1", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateKey_IsAnErrorNotLastWins()
    {
        var result = Read("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"process\":\"x\",\"type\":\"event\",\"op\":\"process.start\"}\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(HistoryProblemKind.BadJson, error.Kind);
        Assert.Contains("Duplicate property 'process'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPaths_InvalidUtf8_IsAnErrorNotSilentlyReplaced()
    {
        var path = TempFile(string.Empty);
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Valid + "\n"), .. Encoding.UTF8.GetBytes(Valid)[..40], 0xFF, .. "\"}\n"u8.ToArray()]);

            var result = HistoryReader.ReadPaths([path]);

            var error = Assert.Single(result.Errors);
            Assert.Equal($"{path}:2", error.Location.ToString());
            Assert.Contains("not UTF-8 text", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadPaths_LargeFile_IsStreamedWithTheRightLineNumbers()
    {
        var lines = Enumerable.Range(0, 20_000).Select(Entry).ToList();
        lines[15_000] = "nope";
        var path = TempFile(string.Join("\n", lines) + "\n");
        try
        {
            var result = HistoryReader.ReadPaths([path]);

            Assert.Equal($"{path}:15001", Assert.Single(result.Errors).Location.ToString());
            Assert.Equal(19_999, result.History.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
