using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Chaos.Running;

using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Simulation;

/// <summary>
/// The README's main command, <c>reslab simulate &lt;plan&gt; --seeds N --report DIR</c>, timed as a new user runs it: a new
/// process with the environment eng/reslab.sh gives it (<see cref="BenchmarkConstants.ReadmeCommandEnvironment"/>), start
/// to finish (runtime start-up, JIT, plan load, every seed, the reports, exit). Its peer is the
/// in-process seeds per minute of the same run, so the gap between what the command delivers and what the loop can do
/// is a figure of its own, instead of two numbers that drift apart unnoticed (issue 20: 819 against 4,413 seeds/min).
/// </summary>
internal static partial class SimulateCommandBenchmark
{
    public const double SeedsPerMinuteTarget = 4000;

    /// <summary>
    /// Times <paramref name="reslab"/> (the JIT build, or the native one with <paramref name="build"/> saying so in the
    /// figure's name). The target belongs to the program the README's command runs (<paramref name="isReadmeCommand"/>):
    /// eng/reslab.sh runs the native build, and the JIT build only where that cannot be built.
    /// </summary>
    public static async Task<BenchmarkFigure> RunAsync(BenchmarkContext context, string reslab, string build, string planPath, SeedCost inProcess, string inProcessShape, bool isReadmeCommand)
    {
        var options = context.Options;
        var seeds = options.SimulateCommandSeeds;
        var reports = Directory.CreateTempSubdirectory("reslab-bench-simulate-");
        try
        {
            // A .dll is started through the dotnet host; the apphost (the default) directly, as `reslab` on PATH would be.
            var dll = reslab.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
            var info = new ProcessStartInfo(dll ? "dotnet" : reslab);
            if (dll)
            {
                info.ArgumentList.Add(reslab);
            }

            foreach (var argument in new[] { "simulate", planPath, "--seeds", seeds.ToString(CultureInfo.InvariantCulture), "--report", reports.FullName })
            {
                info.ArgumentList.Add(argument);
            }

            // As the README's command (eng/reslab.sh) runs it.
            foreach (var (name, value) in BenchmarkConstants.ReadmeCommandEnvironment)
            {
                if (Environment.GetEnvironmentVariable(name) is null)
                {
                    info.Environment[name] = value;
                }
            }

            var commandLine = $"reslab simulate {Path.GetFileName(planPath)} --seeds {seeds} --report DIR";
            context.Log($"simulation: `{commandLine}` as a process ({reslab})");
            var started = context.Time.GetTimestamp();
            var result = await ChildProcess.RunAsync(info, BenchmarkConstants.SimulateCommandDeadline, context.Time, context.CancellationToken);
            var wall = context.Time.GetElapsedTime(started);
            context.CancellationToken.ThrowIfCancellationRequested();
            if (result.TimedOut)
            {
                throw new TimeoutException($"`{commandLine}` did not finish within {BenchmarkConstants.SimulateCommandDeadline}: {Tail(result.Output + result.Error)}");
            }

            var output = result.Output;
            if (result.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"`{commandLine}` exited {result.ExitCode}: {Tail(output + result.Error)}");
            }

            var seedsPerMinute = seeds / Math.Max(wall.TotalMinutes, 1e-12);
            return new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Simulation,
                Name = $"seeds/min, `{commandLine}` {build}as a process, start to finish",
                Value = seedsPerMinute,
                Unit = "seeds/min",
                Peer = $"in process, {inProcessShape}",
                PeerValue = inProcess.SeedsPerMinute,
                Target = isReadmeCommand ? $"≥ {SeedsPerMinuteTarget:0}" : null,
                TargetMet = isReadmeCommand ? seedsPerMinute >= SeedsPerMinuteTarget : null,
                Note = (isReadmeCommand ? string.Empty : "for comparison, no target: the README's command (eng/reslab.sh) runs the natively compiled build, timed below; ")
                    + Describe(wall, seeds, result.ExitCode, output),
            };
        }
        finally
        {
            reports.Delete(recursive: true);
        }
    }

    /// <summary>Where the process's time went: its seeds as the command timed them, the rest (start-up, JIT, reports, exit), and the command's own cost line.</summary>
    private static string Describe(TimeSpan wall, int seeds, int exitCode, string output)
    {
        var verdict = exitCode == 0 ? "every seed passed" : "a seed FAILED (exit 1)";
        var summary = SeedsLine().Match(output);
        var cost = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cost: ", StringComparison.Ordinal));
        if (!summary.Success)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seeds} seeds in {wall.TotalSeconds:0.00} s start to finish, {verdict}; the command printed no summary line");
        }

        var seedsWall = double.Parse(summary.Groups["wall"].Value, CultureInfo.InvariantCulture);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{seeds} seeds in {wall.TotalSeconds:0.00} s start to finish, {verdict}: {seedsWall:0.00} s running seeds as the command timed them, {wall.TotalSeconds - seedsWall:0.00} s outside them (runtime start-up, plan load, reports, exit); the command's {cost ?? "cost line is missing"}");
    }

    private static string Tail(string text) => text.Length <= 400 ? text.Trim() : "…" + text[^400..].Trim();

    // The command's summary line: "200 seed(s) in 2.91 s wall (4124 seeds/min, 4124x real time)".
    [GeneratedRegex(@"^(?<seeds>\d+) seed\(s\) in (?<wall>[0-9.]+) s wall", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SeedsLine();
}
