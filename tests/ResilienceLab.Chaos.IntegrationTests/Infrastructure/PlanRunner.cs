using System.Text;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Workers;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>
/// Runs a plan end to end with <see cref="LocalPlanRun"/> (etcd started by the run, worker processes, fault proxies),
/// printing the chaos events as they happen and the verdict after, so a test's output reads like <c>reslab run</c>.
/// The run directory (histories, worker logs) is deleted when the verdict is the one the test expects, and kept for
/// a post-mortem otherwise, or always when RESLAB_KEEP_RUNS is set.
/// </summary>
internal static class PlanRunner
{
    // Far beyond any plan here (≤ 40 s) plus etcd start, readiness and a graceful stop: only a wedged run hits it.
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    public static async Task<PlanRunOutcome> RunAsync(ChaosPlan plan, ITestOutputHelper output, bool expectPass, Action<ReplicaOptions>? customize = null)
    {
        var time = TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory($"reslab-it-{plan.Metadata.Name}-").FullName;
        var options = new ChaosRunOptions
        {
            ReadyTimeout = TimeSpan.FromSeconds(60),
            OnEvent = e => WriteLine(output, $"[{e.At.TotalSeconds,7:0.000}s] {e.Step,-26} {e.Action,-20} {e.Target,-18} {e.Outcome}"),
        };
        output.WriteLine($"plan {plan.Metadata.Name}: {plan.Target.Replicas} replicas, etcd × {plan.Store.Start?.Members ?? 0}, {plan.Workload.Duration.TotalSeconds:0} s; run directory {directory}");
        using var limit = new CancellationTokenSource(RunLimit, time);
        var started = time.GetTimestamp();
        var (run, verdict) = await LocalPlanRun.RunAsync(plan, plan.Target.Seed, options, directory, customize: customize, cancellationToken: limit.Token);
        var outcome = new PlanRunOutcome(plan, run, verdict, time.GetElapsedTime(started), directory);
        output.WriteLine(Describe(outcome));
        output.WriteLine($"wall time {outcome.WallTime.TotalSeconds:0.0} s ({outcome.History.Count} history entries)");
        if (verdict.Passed == expectPass && Environment.GetEnvironmentVariable("RESLAB_KEEP_RUNS") is not { Length: > 0 })
        {
            TryDelete(directory);
        }
        else
        {
            output.WriteLine($"run directory kept: {directory}");
        }

        return outcome;
    }

    public static string Describe(PlanRunOutcome outcome)
    {
        var text = new StringBuilder();
        foreach (var step in outcome.Run.Steps)
        {
            text.AppendLine($"  step {step.Step} ({step.Action}) at {step.At.TotalSeconds:0.000} s → {step.Target ?? "-"}{(step.Error is null ? string.Empty : $" FAILED: {step.Error}")}{(step.RoleVerified == false ? " MISSED ROLE" : string.Empty)}");
        }

        foreach (var probe in outcome.Run.Probes)
        {
            text.AppendLine($"  probe {probe.Probe} ({probe.Kind}, {probe.Mode}): {(probe.Passed ? "held" : "FAILED")}, {probe.Evaluations} evaluation(s), longest outage {probe.LongestOutage.TotalSeconds:0.0} s: {probe.Note}");
        }

        if (outcome.Run.AbortReason is { } abort)
        {
            text.AppendLine($"  aborted: {abort}");
        }

        foreach (var result in outcome.Verdict.Results)
        {
            text.AppendLine($"  {result.Status.ToString().ToUpperInvariant(),-12} {result.Name,-18} {result.Summary}");
            if (!result.Passed && result.Counterexample is { } counterexample)
            {
                text.AppendLine(Indent(counterexample.Length > 4000 ? counterexample[..4000] + " …" : counterexample));
            }
        }

        return text.ToString();
    }

    private static string Indent(string text) => string.Join(Environment.NewLine, text.Split('\n').Select(l => "      " + l.TrimEnd('\r')));

    // The output helper throws once its test has finished; a late event from a background callback is not worth a crash.
    private static void WriteLine(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
