using ResilienceLab.Benchmarks.Cas;
using ResilienceLab.Benchmarks.Checker;
using ResilienceLab.Benchmarks.Election;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Benchmarks.Locks;
using ResilienceLab.Benchmarks.Simulation;
using ResilienceLab.Benchmarks.Stores;
using ResilienceLab.Benchmarks.Takeover;

namespace ResilienceLab.Benchmarks;

/// <summary>
/// Runs the selected suites one after another (never two at once: they would measure each other) and collects
/// their figures. The store suites need an etcd already running (<see cref="BenchmarkOptions.EtcdEndpoints"/>);
/// `reslab bench` starts its own. A suite that fails is reported as a figure with the error, and the rest still run.
/// </summary>
public static class BenchmarkRunner
{
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static async Task<BenchmarkReport> RunAsync(BenchmarkOptions options, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = options.TimeProvider;
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var context = new BenchmarkContext(options, log ?? (_ => { }), cancellationToken);
        var machine = await MachineInfo.DescribeAsync(options, cancellationToken);
        var loadAtStart = MachineInfo.LoadAverage();
        var figures = new List<BenchmarkFigure>();
        var suites = options.Suites.Order().ToList();
        foreach (var suite in suites)
        {
            try
            {
                figures.AddRange(await RunSuiteAsync(suite, context));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                context.Log($"{suite.ToString().ToLowerInvariant()}: FAILED: {e.GetType().Name}: {e.Message}");
                figures.Add(new BenchmarkFigure
                {
                    Suite = suite,
                    Name = "suite failed",
                    Value = double.NaN,
                    Unit = "",
                    Target = "completes",
                    TargetMet = false,
                    Note = $"{e.GetType().Name}: {e.Message}",
                });
            }
        }

        return new BenchmarkReport
        {
            Machine = machine,
            StartedAt = startedAt,
            Elapsed = time.GetElapsedTime(started),
            LoadAverageAtStart = loadAtStart,
            LoadAverageAtEnd = MachineInfo.LoadAverage(),
            Quick = options.Quick,
            Duration = options.Duration,
            Suites = suites,
            Figures = figures,
        };
    }

    private static async Task<IReadOnlyList<BenchmarkFigure>> RunSuiteAsync(BenchmarkSuite suite, BenchmarkContext context) => suite switch
    {
        BenchmarkSuite.Lock => await LockBenchmark.RunAsync(context),
        BenchmarkSuite.Election => await ElectionBenchmark.RunAsync(context),
        BenchmarkSuite.Takeover => await TakeoverBenchmark.RunAsync(context),
        BenchmarkSuite.Cas => await CasBenchmark.RunAsync(context),
        BenchmarkSuite.Simulation => await SimulationBenchmark.RunAsync(context),
        BenchmarkSuite.Checker => CheckerBenchmark.Run(context),
        BenchmarkSuite.Stores => await StoreBenchmark.RunAsync(context),
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "unknown suite"),
    };
}
