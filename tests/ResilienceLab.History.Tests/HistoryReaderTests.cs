namespace ResilienceLab.History.Tests;

public sealed class HistoryReaderTests
{
    private static string Line(string process, double at, HistoryEntryType type, string op, long id, string? key = "/k", string? value = null, long? token = null) =>
        HistoryJson.Serialize(new HistoryEntry { Time = HistoryBuilder.At(at), Process = process, Type = type, Op = op, Id = id, Key = key, Value = value, Token = token });

    private static HistoryReadResult Read(params (string Name, string Content)[] files) =>
        HistoryReader.Read(files.Select(f => new HistorySource(f.Name, f.Content)));

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static HistoryProblem SingleError(HistoryReadResult result, HistoryProblemKind kind)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal(kind, error.Kind);
        return error;
    }

    [Fact]
    public void Read_WellFormedFiles_MergesByTimeThenFileThenLine()
    {
        var a = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterWrite, 1, value: "x"),
            Line("a", 3, HistoryEntryType.Ok, HistoryOps.RegisterWrite, 1, value: "x"));
        var b = Lines(
            Line("b", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("b", 2, HistoryEntryType.Ok, HistoryOps.RegisterRead, 1, value: "x"));

        var result = Read(("a.jsonl", a), ("b.jsonl", b));

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal(["a.jsonl:1", "b.jsonl:1", "b.jsonl:2", "a.jsonl:2"], result.History.Locations.Select(l => l.ToString()));
    }

    [Fact]
    public void Read_EqualTimesInOneFile_KeepsLineOrder()
    {
        var a = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterWrite, 1, value: "x"),
            Line("a", 1, HistoryEntryType.Ok, HistoryOps.RegisterWrite, 1, value: "x"));

        var result = Read(("a.jsonl", a));

        Assert.Equal([HistoryEntryType.Invoke, HistoryEntryType.Ok], result.History.Entries.Select(e => e.Type));
    }

    [Fact]
    public void Read_BadJson_ReportsFileLineAndColumn()
    {
        var content = Lines(Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null), "{\"v\":1,\"time\": nope}");

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.BadJson);

        Assert.Equal(new HistoryLocation("w.jsonl", 2), error.Location);
        Assert.StartsWith("w.jsonl:2: error: not valid JSON at column", error.ToString());
    }

    [Fact]
    public void Read_JsonArrayLine_IsBadJson()
    {
        var error = SingleError(Read(("w.jsonl", "[1,2]\n")), HistoryProblemKind.BadJson);

        Assert.Contains("expected a JSON object", error.Message);
    }

    [Fact]
    public void Read_MissingRequiredField_NamesTheField()
    {
        var error = SingleError(Read(("w.jsonl", "{\"v\":1,\"time\":\"2025-01-01T00:00:00+00:00\",\"type\":\"event\",\"op\":\"process.start\"}\n")), HistoryProblemKind.MissingField);

        Assert.Equal("missing required field 'process'", error.Message);
    }

    [Fact]
    public void Read_MissingVersion_IsMissingField()
    {
        var error = SingleError(Read(("w.jsonl", "{\"time\":\"2025-01-01T00:00:00+00:00\",\"process\":\"a\",\"type\":\"event\",\"op\":\"process.start\"}\n")), HistoryProblemKind.MissingField);

        Assert.Contains("'v'", error.Message);
    }

    [Fact]
    public void Read_UnknownType_ListsTheValidTypes()
    {
        var line = Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null).Replace("\"event\"", "\"done\"");

        var error = SingleError(Read(("w.jsonl", line + "\n")), HistoryProblemKind.UnknownType);

        Assert.Contains("\"done\"", error.Message);
        Assert.Contains("invoke, ok, fail, info, event", error.Message);
    }

    [Fact]
    public void Read_WrongVersion_SaysWhichVersionIsSupported()
    {
        var line = Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null).Replace("\"v\":1", "\"v\":2");

        var error = SingleError(Read(("w.jsonl", line + "\n")), HistoryProblemKind.WrongVersion);

        Assert.Contains("version 2", error.Message);
        Assert.Contains("reads version 1", error.Message);
    }

    [Fact]
    public void Read_UnknownField_IsAnError()
    {
        var line = Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null).Replace("{", "{\"colour\":\"red\",");

        var error = SingleError(Read(("w.jsonl", line + "\n")), HistoryProblemKind.UnknownField);

        Assert.Contains("'colour'", error.Message);
    }

    [Fact]
    public void Read_UnparsableTime_IsInvalidValue()
    {
        var line = Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null).Replace("2025-01-01T12:00:01+00:00", "yesterday");

        var error = SingleError(Read(("w.jsonl", line + "\n")), HistoryProblemKind.InvalidValue);

        Assert.Contains("'time'", error.Message);
    }

    [Fact]
    public void Read_TokenOfWrongType_NamesTheField()
    {
        var line = Line("a", 1, HistoryEntryType.Event, HistoryOps.LockLost, 0, token: 5).Replace("\"token\":5", "\"token\":\"five\"");

        var error = SingleError(Read(("w.jsonl", line + "\n")), HistoryProblemKind.InvalidValue);

        Assert.Contains("'token'", error.Message);
    }

    [Fact]
    public void Read_SuccessfulAcquireWithoutToken_IsMissingField()
    {
        var content = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.LockAcquire, 1, key: "/locks/x"),
            Line("a", 2, HistoryEntryType.Ok, HistoryOps.LockAcquire, 1, key: "/locks/x"));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.MissingField);

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("'token'", error.Message);
    }

    [Fact]
    public void Read_NonIntegerStep_IsInvalidValue()
    {
        var content = Lines(Line("a", 1, HistoryEntryType.Invoke, HistoryOps.TaskCommit, 1, key: "/tasks/1", value: "three", token: 4));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.InvalidValue);

        Assert.Contains("\"three\"", error.Message);
    }

    [Fact]
    public void Read_CompletionWithoutInvoke_IsAnError()
    {
        var content = Lines(Line("a", 2, HistoryEntryType.Ok, HistoryOps.RegisterRead, 7, value: "x"));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.CompletionWithoutInvoke);

        Assert.Equal("w.jsonl:1: error: ok of a #7 (register.read) has no invoke", error.ToString());
    }

    [Fact]
    public void Read_CompletionTimedBeforeItsInvoke_SaysTheClockWentBackwards()
    {
        var content = Lines(
            Line("a", 5, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 4, HistoryEntryType.Ok, HistoryOps.RegisterRead, 1, value: "x"));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.CompletionWithoutInvoke);

        Assert.Contains("clock", error.Message);
        Assert.Contains("w.jsonl:1", error.Message);
    }

    [Fact]
    public void Read_DuplicateCompletion_PointsAtTheFirst()
    {
        var content = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 2, HistoryEntryType.Ok, HistoryOps.RegisterRead, 1, value: "x"),
            Line("a", 3, HistoryEntryType.Fail, HistoryOps.RegisterRead, 1));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.DuplicateCompletion);

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("already completed at w.jsonl:2", error.Message);
    }

    [Fact]
    public void Read_ReusedIdWhileOpen_IsDuplicateInvoke()
    {
        var content = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 2, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1));

        var error = SingleError(Read(("w.jsonl", content)), HistoryProblemKind.DuplicateInvoke);

        Assert.Contains("process.start", error.Message);
    }

    [Fact]
    public void Read_RestartedProcessReusingIds_IsValid()
    {
        var content = Lines(
            Line("a", 0, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null),
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 5, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null),
            Line("a", 6, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 7, HistoryEntryType.Ok, HistoryOps.RegisterRead, 1, value: "x"));

        Assert.True(Read(("w.jsonl", content)).IsValid);
    }

    [Fact]
    public void Read_CompletionOfAnotherOp_IsOpMismatch()
    {
        var content = Lines(
            Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1),
            Line("a", 2, HistoryEntryType.Ok, HistoryOps.RegisterWrite, 1, value: "x"));

        SingleError(Read(("w.jsonl", content)), HistoryProblemKind.OpMismatch);
    }

    [Fact]
    public void Read_TornLastLine_IsAWarningNotAnError()
    {
        var content = Lines(Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1)) + "{\"v\":1,\"time\":\"2025-01-";

        var result = Read(("w.jsonl", content));

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(HistoryProblemKind.TornLastLine, warning.Kind);
        Assert.Equal(2, warning.Location.Line);
        Assert.StartsWith("w.jsonl:2: warning: torn last line", warning.ToString());
        Assert.Single(result.History.Entries);
    }

    [Fact]
    public void Read_InvalidLastLineEndingInNewline_IsAnError()
    {
        var content = Lines(Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1), "{\"v\":1,\"time\":\"2025-01-");

        SingleError(Read(("w.jsonl", content)), HistoryProblemKind.BadJson);
    }

    [Fact]
    public void Read_TornFragmentFollowedByAppendedEntry_RecoversTheEntryWithAWarning()
    {
        var appended = Line("a", 9, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null);
        var content = Lines(Line("a", 1, HistoryEntryType.Invoke, HistoryOps.RegisterRead, 1), "{\"v\":1,\"time\":\"2025" + appended);

        var result = Read(("w.jsonl", content));

        Assert.True(result.IsValid);
        Assert.Equal(HistoryProblemKind.TornLine, Assert.Single(result.Warnings).Kind);
        Assert.Equal(2, result.History.Count);
    }

    [Fact]
    public void Read_EmptyLine_IsAWarning()
    {
        var content = Lines(Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null), "", Line("a", 2, HistoryEntryType.Event, HistoryOps.ProcessReady, 0, key: null));

        var result = Read(("w.jsonl", content));

        Assert.True(result.IsValid);
        Assert.Equal(HistoryProblemKind.EmptyLine, Assert.Single(result.Warnings).Kind);
    }

    [Fact]
    public void Read_UnknownOp_IsWarnedOncePerFile()
    {
        var content = Lines(
            Line("a", 1, HistoryEntryType.Event, "queue.push", 0),
            Line("a", 2, HistoryEntryType.Event, "queue.push", 0));

        var result = Read(("w.jsonl", content));

        Assert.True(result.IsValid);
        Assert.Equal(HistoryProblemKind.UnknownOp, Assert.Single(result.Warnings).Kind);
        Assert.Equal(2, result.History.Count);
    }

    [Fact]
    public void Read_ErrorsInSeveralFiles_CollectsThemAll()
    {
        var result = Read(("a.jsonl", "nope\n{}\n"), ("b.jsonl", "[]\n"));

        Assert.Equal(["a.jsonl:1", "a.jsonl:2", "a.jsonl:2", "a.jsonl:2", "a.jsonl:2", "a.jsonl:2", "b.jsonl:1"], result.Errors.Select(e => e.Location.ToString()));
        var thrown = Assert.Throws<HistoryFormatException>(result.EnsureValid);
        Assert.Equal(result.Errors.Count, thrown.Errors.Count);
        Assert.Contains("b.jsonl:1", thrown.Message);
    }

    [Fact]
    public void ReadPaths_Directory_ReadsItsJsonlFilesInNameOrder()
    {
        var directory = Directory.CreateTempSubdirectory("reslab-reader-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "b.jsonl"), Lines(Line("b", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null)));
            File.WriteAllText(Path.Combine(directory.FullName, "a.jsonl"), Lines(Line("a", 1, HistoryEntryType.Event, HistoryOps.ProcessStart, 0, key: null)));
            File.WriteAllText(Path.Combine(directory.FullName, "notes.txt"), "not history");

            var result = HistoryReader.ReadPaths([directory.FullName]);

            Assert.True(result.IsValid);
            Assert.Equal(["a", "b"], result.History.Entries.Select(e => e.Process));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadPaths_MissingPath_IsUnreadableSource()
    {
        var result = HistoryReader.ReadPaths(["/nonexistent/reslab/history"]);

        Assert.Equal(HistoryProblemKind.UnreadableSource, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void ReadPaths_WhatJsonlHistoryWriterWrote_RoundTrips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-{Guid.NewGuid():N}.jsonl");
        try
        {
            var sink = new MemoryHistorySink();
            using (var writer = new JsonlHistoryWriter(path))
            {
                var recorder = new HistoryRecorder(writer, TimeProvider.System, "worker-1");
                recorder.Event(HistoryOps.ProcessStart);
                recorder.Invoke(HistoryOps.LockAcquire, "/locks/tasks/1").Ok(value: "/locks/tasks/1/abc", token: 42);
                recorder.Invoke(HistoryOps.TaskCommit, "/tasks/1", "0", token: 42).Ok(revision: 43);
            }

            var result = HistoryReader.ReadPaths([path]);

            Assert.True(result.IsValid, string.Join("\n", result.Errors));
            Assert.Equal(5, result.History.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromEntries_CompletionWithoutInvoke_Throws()
    {
        var entries = new[] { new HistoryEntry { Time = HistoryBuilder.At(1), Process = "a", Type = HistoryEntryType.Ok, Op = HistoryOps.RegisterRead, Id = 3, Key = "/k" } };

        var thrown = Assert.Throws<HistoryFormatException>(() => MergedHistory.FromEntries(entries, "mem"));

        Assert.Equal("mem:1", Assert.Single(thrown.Errors).Location.ToString());
    }
}
