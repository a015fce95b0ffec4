using ResilienceLab.Benchmarks.Output;

namespace ResilienceLab.Benchmarks.Tests;

public sealed class BenchmarkTableTests
{
    [Fact]
    public void Write_Plain_PrintsOneRowPerFigureWithRatioAndVerdict()
    {
        var report = new BenchmarkReport
        {
            Machine = new BenchmarkMachine("cpu", 2, "os", ".NET", "workstation", "etcd 3.4.23"),
            StartedAt = DateTimeOffset.UnixEpoch,
            Elapsed = TimeSpan.FromSeconds(10),
            Quick = true,
            Duration = TimeSpan.FromSeconds(1),
            Suites = [BenchmarkSuite.Lock],
            Figures =
            [
                new BenchmarkFigure { Suite = BenchmarkSuite.Lock, Name = "lock cycles/s, 1 contender", Value = 450, Unit = "cycles/s", Peer = "server", PeerValue = 600, Target = "≥ 0.9× peer", TargetMet = false, Note = "why" },
                new BenchmarkFigure { Suite = BenchmarkSuite.Lock, Name = "round trip", Value = 0.25, Unit = "ms" },
            ],
        };
        var output = new StringWriter();

        BenchmarkTable.Write(report, output, fancy: false);

        var text = output.ToString();
        Assert.Contains("lock cycles/s, 1 contender", text, StringComparison.Ordinal);
        Assert.Contains("0.75×", text, StringComparison.Ordinal);
        Assert.Contains("NO", text, StringComparison.Ordinal);
        Assert.Contains("0 targets met, 1 missed", text, StringComparison.Ordinal);
        Assert.Contains("why", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12345.6, "12,346")]
    [InlineData(42.42, "42.4")]
    [InlineData(3.14159, "3.14")]
    [InlineData(0.41234, "0.412")]
    public void Number_KeepsAboutThreeDigits(double value, string expected) => Assert.Equal(expected, BenchmarkTable.Number(value));
}
