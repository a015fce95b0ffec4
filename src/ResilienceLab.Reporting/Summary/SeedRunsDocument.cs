using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

/// <summary>
/// runs.json: every seed a many-seed run checked, machine-readable — what a summary is rendered from, so the results of
/// several runs (the shards of one seed range, run on several machines) can be merged into one summary and verdict.
/// </summary>
public sealed record SeedRunsDocument
{
    /// <summary>The file name beside summary.html.</summary>
    public const string FileName = "runs.json";

    /// <summary>The format version this build writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter<CheckStatus>(JsonNamingPolicy.CamelCase), new ChecksConverter() },
    };

    private static readonly Json.ReportJsonContext Contracts = new(Options);

    /// <summary>Format version.</summary>
    public int Format { get; init; } = CurrentFormat;

    /// <summary>The plan (or run) name.</summary>
    public required string Name { get; init; }

    /// <summary>What the run was asked (plan, seed range, shard).</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>Every seed run, in seed order.</summary>
    public required IReadOnlyList<SeedRun> Runs { get; init; }

    /// <summary>Writes the document to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Contracts.SeedRunsDocument), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    /// <summary>Reads a document written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">It is not JSON of this shape or version (the message says what is wrong).</exception>
    public static SeedRunsDocument Read(string path)
    {
        SeedRunsDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize(stream, Contracts.SeedRunsDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a {FileName} of reslab simulate: {e.Message}", e);
        }

        return document switch
        {
            null => throw new InvalidDataException($"{path}: empty (null) instead of a {FileName}"),
            { Format: not CurrentFormat } => throw new InvalidDataException($"{path}: format {document.Format} is not supported: this build reads format {CurrentFormat}"),
            _ => document,
        };
    }

    // SeedRun keeps its checks as (name, status) pairs; in JSON they are objects a person can read.
    private sealed class ChecksConverter : JsonConverter<IReadOnlyList<(string Check, CheckStatus Status)>>
    {
        public override IReadOnlyList<(string Check, CheckStatus Status)> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            [.. (JsonSerializer.Deserialize(ref reader, Contracts.ListCheckEntry) ?? []).Select(c => (c.Check, c.Status))];

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<(string Check, CheckStatus Status)> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Select(c => new CheckEntry(c.Check, c.Status)).ToList(), Contracts.ListCheckEntry);
    }

    /// <summary>One check of a seed as runs.json writes it.</summary>
    internal sealed record CheckEntry(string Check, CheckStatus Status);
}
