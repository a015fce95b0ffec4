using System.Text.Json;

namespace ResilienceLab.History.Tests;

/// <summary>
/// <see cref="HistoryJson.Options"/> resolves the entry through its source-generated contract, and is still a general
/// set of options for other types where reflection is on, as it was before the contract was generated.
/// </summary>
public sealed class HistoryJsonTests
{
    [Fact]
    public void Serialize_EntryWithEveryOptionalField_WritesTheFormatsNamesAndLeavesNullsOut()
    {
        var entry = new HistoryEntry
        {
            Time = HistoryBuilder.At(1), Process = "replica-1", Type = HistoryEntryType.Ok, Op = "lock.acquire", Id = 7,
            Key = "/tasks/0", Token = 42, Details = new Dictionary<string, string> { ["lease"] = "9" },
        };

        var line = HistoryJson.Serialize(entry);

        Assert.Equal("""{"v":1,"time":"2025-01-01T12:00:01+00:00","process":"replica-1","type":"ok","op":"lock.acquire","id":7,"key":"/tasks/0","token":42,"details":{"lease":"9"}}""", line);
        Assert.Equal(line, HistoryJson.Serialize(JsonSerializer.Deserialize<HistoryEntry>(line, HistoryJson.Options)!));
    }

    [Fact]
    public void Options_AnotherType_IsStillSerialisedByReflection()
    {
        var text = JsonSerializer.Serialize(new Dictionary<string, int[]> { ["a"] = [1, 2] }, HistoryJson.Options);

        Assert.Equal("""{"a":[1,2]}""", text);
    }
}
