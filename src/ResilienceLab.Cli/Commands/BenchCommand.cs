using System.CommandLine;
using System.Globalization;
using ResilienceLab.Benchmarks;
using ResilienceLab.Benchmarks.Output;

using ResilienceLab.Hosting;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab bench [--json FILE] [--duration S] [--quick] [--only lock,election,takeover,cas,simulation,checker]</c>:
/// starts its own single-member etcd on 127.0.0.1 (default timings, so the minimum lease TTL is etcd's usual 2 s),
/// runs the suites one after another, prints every figure with its ratio to a peer measured in the same run, and
/// removes the etcd. Exit 0 when the run completed (targets missed are reported, not failed), 2 on bad arguments
/// or when etcd could not start.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<string?>("--json") { Description = "Also write every figure (with machine, peers, ratios, targets) to this JSON file" };
        var duration = new Option<double?>("--duration") { Description = $"Seconds per measured figure, ours and its peers alternating (default {BenchmarkConstants.FullDuration.TotalSeconds:0}, {BenchmarkConstants.QuickDuration.TotalSeconds:0.#} with --quick)" };
        var quick = new Option<bool>("--quick") { Description = $"CI smoke: short measurements, {BenchmarkConstants.QuickTakeoverTrials} take-over trials at TTL 2 s only, checker up to 10k ops" };
        var only = new Option<string?>("--only") { Description = "Comma-separated suites to run: lock,election,takeover,cas,simulation,checker (default: all)" };
        var baseline = new Option<string?>("--baseline") { Description = "A JSON report of an earlier run (--json): compare every figure with it, by its ratio to its peer where it has one, and exit 1 if one got worse by more than --max-regression" };
        var auth = new Option<bool>("--auth") { Description = "Start the etcd with authentication on (a user whose role may only read and write the bench's prefix) and have every client — ours, the raw dotnet-etcd peers and etcdctl — authenticate: the figures then include etcd's per-call auth checks" };
        var maxRegression = new Option<double>("--max-regression") { Description = "With --baseline: the largest change for the worse that passes, in percent (default 15)", DefaultValueFactory = _ => 15 };
        var command = new Command("bench", "Benchmark the coordination primitives against real etcd and its server-side peers, the simulation and the checker (exit 0 completed, 1 a figure regressed against --baseline, 2 bad arguments or etcd did not start)")
        {
            json, duration, quick, only, baseline, maxRegression, auth,
        };
        command.SetAction(async (result, cancellationToken) => await RunAsync(
            result.GetValue(json),
            result.GetValue(duration),
            result.GetValue(quick),
            result.GetValue(only),
            result.InvocationConfiguration.Output,
            cancellationToken,
            result.GetValue(baseline),
            result.GetValue(maxRegression),
            result.GetValue(auth)));
        return command;
    }

    private const string BenchUser = "bench";

    // Every key the suites write lives under it (BenchmarkContext.Prefix).
    private const string BenchPrefix = "/reslab-bench/";

    public static async Task<int> RunAsync(
        string? jsonPath, double? durationSeconds, bool quick, string? only, TextWriter output, CancellationToken cancellationToken, string? baselinePath = null, double maxRegressionPercent = 15, bool auth = false)
    {
        var options = BenchmarkOptions.Create(quick);
        BenchmarkReport? baseline = null;
        try
        {
            if (maxRegressionPercent is < 0 or > 1000 || !double.IsFinite(maxRegressionPercent))
            {
                throw new ArgumentException($"--max-regression {maxRegressionPercent.ToString(CultureInfo.InvariantCulture)}: give a percentage from 0 to 1000.");
            }

            if (baselinePath is not null)
            {
                baseline = ReadBaseline(baselinePath);
            }

            if (only is not null)
            {
                options.Suites = BenchmarkOptions.ParseSuites(only);
            }

            if (durationSeconds is { } seconds)
            {
                options.Duration = double.IsFinite(seconds) && seconds > 0 && seconds <= BenchmarkConstants.MaxDuration.TotalSeconds
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ArgumentException($"--duration {seconds.ToString(CultureInfo.InvariantCulture)}: give seconds per measurement from {BenchmarkConstants.MinDuration.TotalSeconds:0.###} to {BenchmarkConstants.MaxDuration.TotalSeconds:0}.");
            }
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        EtcdCluster? etcd = null;
        try
        {
            if (options.NeedsEtcd)
            {
                output.WriteLine("starting etcd (1 member on 127.0.0.1, default timings: minimum lease TTL 2 s) …");
                etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = false }, cancellationToken);
                options.EtcdEndpoints = etcd.ClientEndpoints.ToList();
                options.EtcdProcessIds = etcd.Members.Select(m => m.ProcessId).OfType<int>().ToList();
                options.EtcdDescription = "1 member on 127.0.0.1, default --heartbeat-interval/--election-timeout";
                if (auth)
                {
                    // A throw-away etcd: fresh random passwords, printed nowhere.
                    var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
                    await etcd.EnableAuthAsync(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), [new EtcdAuthUser(BenchUser, password, [BenchPrefix])], cancellationToken);
                    options.EtcdUsername = BenchUser;
                    options.EtcdPassword = password;
                    options.EtcdDescription += $"; auth enabled, user '{BenchUser}' with readwrite on {BenchPrefix} only";
                    output.WriteLine($"etcd auth enabled: every client authenticates as '{BenchUser}' (readwrite on {BenchPrefix})");
                }
            }

            var fancy = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && ReferenceEquals(output, Console.Out);
            var report = await BenchmarkRunner.RunAsync(options, line => output.WriteLine($"  {line}"), cancellationToken);
            BenchmarkTable.Write(report, output, fancy);
            if (jsonPath is not null)
            {
                BenchmarkJson.Write(report, jsonPath);
                output.WriteLine($"json: {Path.GetFullPath(jsonPath)}");
            }

            if (baseline is not null)
            {
                var rows = BenchmarkComparison.Compare(report, baseline, maxRegressionPercent / 100);
                BenchmarkComparison.Write(rows, baseline.Figures.Count, maxRegressionPercent / 100, output);
                if (rows.Any(r => r.Regressed))
                {
                    return ExitCodes.CheckFailed;
                }
            }

            return ExitCodes.Pass;
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (EtcdStartException e)
        {
            output.WriteLine($"error: etcd did not start: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        finally
        {
            if (etcd is not null)
            {
                await etcd.DisposeAsync();
            }
        }
    }

    /// <summary>The baseline report, or an <see cref="ArgumentException"/> that says what is wrong with the file.</summary>
    private static BenchmarkReport ReadBaseline(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--baseline {path}: no such file (write one with --json).");
        }

        try
        {
            return BenchmarkJson.Deserialize(File.ReadAllText(path)) is { Figures: not null } report
                ? report
                : throw new ArgumentException($"--baseline {path}: not a benchmark report (no figures).");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"--baseline {path}: not a benchmark report: {e.Message}");
        }
    }
}
