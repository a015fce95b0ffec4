using System.Text;
using System.Text.Json;

namespace ResilienceLab.History.Tests;

/// <summary>
/// The reader parses well-formed lines on a fast path over the raw bytes (issue #18, item 14) and sends every other
/// line to the general parser: the fast path must build exactly the entry the format's mapping builds, and must
/// never accept a line the general parser has something to say about.
/// </summary>
public sealed class HistoryReaderFastPathTests
{
    private static HistoryReadResult Read(string content) => HistoryReader.Read([new HistorySource("w.jsonl", content)]);

    [Theory]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00+00:00\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00.4567891Z\",\"process\":\"worker-1\",\"type\":\"invoke\",\"op\":\"task.commit\",\"id\":3,\"key\":\"/tasks/7\",\"value\":\"2\",\"expected\":\"1\",\"token\":0}")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00\\u003a01-05:30\",\"process\":\"w\",\"type\":\"ok\",\"op\":\"register.read\",\"id\":9,\"key\":\"/r\",\"value\":\"caf\\u00e9 \\\"quoted\\\" \\u2603\",\"revision\":12}")]
    [InlineData("  {\"op\":\"register.cas\",\"type\":\"fail\",\"process\":\"p\u00e9\",\"time\":\"2025-01-01T12:00:02+01:00\",\"v\":1,\"id\":4,\"key\":\"/k\",\"value\":\"b\",\"expected\":\"a\",\"error\":\"revision moved\"}  ")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:03Z\",\"process\":\"chaos\",\"type\":\"event\",\"op\":\"chaos.kill\",\"key\":\"w\",\"details\":{\"role\":\"leader\"}}")]
    public void Read_WellFormedLine_IsTheEntryTheFormatMappingBuilds(string line)
    {
        var expected = JsonSerializer.Deserialize<HistoryEntry>(line, HistoryJson.Options);

        var result = Read(line + "\n");

        // Completions here have no invoke: that is the pairing check's business, not the line parser's.
        Assert.All(result.Errors, e => Assert.Equal(HistoryProblemKind.CompletionWithoutInvoke, e.Kind));
        Assert.Equal(HistoryJson.Serialize(expected!), HistoryJson.Serialize(Assert.Single(result.History.Entries)));
    }

    [Theory]
    [InlineData("{\"v\":1,\"\\u0076\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}", "Duplicate property")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\",\"id\":-1}", "must not be negative")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}", "field 'time'")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\" \",\"type\":\"event\",\"op\":\"process.start\"}", "field 'process'")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"Event\",\"op\":\"process.start\"}", "unknown type")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\",\"key\":null,\"extra\":1}", "unknown field 'extra'")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"} {}", "not valid JSON")]
    [InlineData("{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\",\"value\":\"\uFFFF\"}", "not UTF-8")]
    public void Read_LineWithAProblem_GetsTheGeneralParsersDiagnostic(string line, string message)
    {
        var result = Read(line + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(result.History.Entries);
    }

    [Fact]
    public void ReadPaths_LinesOfMultiByteText_AreMeasuredInCharactersAcrossReadBuffers()
    {
        var entry = "{\"v\":1,\"time\":\"2025-01-01T12:00:00Z\",\"process\":\"w\",\"type\":\"event\",\"op\":\"process.start\"}";
        // 3 bytes per character: the first line is too long in characters and past what the reader keeps in bytes;
        // the second is within the limit in characters though longer in bytes than the limit and the read buffer.
        var tooLong = new string('\u2603', HistoryReader.MaxLineLength + 5);
        var fits = new string('\u2603', HistoryReader.MaxLineLength - 5);
        var path = Path.Combine(Path.GetTempPath(), $"reslab-fastpath-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, $"{entry}\n{tooLong}\n{fits}\n{entry}\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var result = HistoryReader.ReadPaths([path]);

            Assert.Collection(
                result.Errors,
                e => Assert.Equal(($"{path}:2", $"line of {HistoryReader.MaxLineLength + 5} characters"), (e.Location.ToString(), e.Message[..(e.Message.IndexOf(',', StringComparison.Ordinal))])),
                e => Assert.Equal(($"{path}:3", true), (e.Location.ToString(), e.Message.StartsWith("not valid JSON", StringComparison.Ordinal))));
            Assert.Equal([1, 4], result.History.Locations.Select(l => l.Line));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void With_OptionalFieldsSetAndCleared_RoundTripsToAnEqualEntry()
    {
        var entry = new HistoryEntry { Time = DateTimeOffset.UnixEpoch, Process = "w", Type = HistoryEntryType.Ok, Op = HistoryOps.LockAcquire, Id = 1, Token = 0 };

        var changed = entry with { Error = "timeout", Revision = 7, Details = new Dictionary<string, string> { ["a"] = "b" } };
        var back = changed with { Error = null, Revision = null, Details = null };

        Assert.Equal((0L, null, null, "timeout", 7L), (changed.Token, changed.Expected, entry.Error, changed.Error, changed.Revision));
        Assert.Equal(entry, back);
        Assert.NotEqual(entry, changed);
    }
}
