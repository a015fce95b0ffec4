using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResilienceLab.Benchmarks.Output;

/// <summary>The report as JSON (<c>--json FILE</c>): machine, settings, and every figure with its peer, ratio and target.</summary>
public static class BenchmarkJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(BenchmarkReport report) => JsonSerializer.Serialize(report, Options);

    public static BenchmarkReport? Deserialize(string json) => JsonSerializer.Deserialize<BenchmarkReport>(json, Options);

    /// <summary>Writes the report to <paramref name="path"/>, creating its directory.</summary>
    public static void Write(BenchmarkReport report, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Serialize(report) + "\n");
    }
}
