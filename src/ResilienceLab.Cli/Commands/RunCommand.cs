using System.CommandLine;
using System.Runtime.InteropServices;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Kubernetes.Running;
using ResilienceLab.Reporting;
using ResilienceLab.Verification;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab run &lt;plan&gt; --report &lt;dir&gt;</c>: runs a plan end to end against its target (simulation, local
/// processes with a real etcd, or Kubernetes), shows chaos events as they happen, checks the histories and writes
/// the reports. Exit 0 every check passed, 1 a check failed, 2 bad plan or the infrastructure failed, 130 / 143
/// cancelled by SIGINT / SIGTERM (the reports are written, the cancelled run's steady-state check as an error).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var plan = new Argument<string>("plan") { Description = "The chaos plan to run" };
        var report = new Option<string?>("--report") { Description = "Directory for the reports (report.json, junit.xml, report.md, report.html, history.jsonl)" };
        var seed = new Option<long?>("--seed") { Description = "Seed for schedule jitter and random selection (default: the plan's target.seed)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Kubernetes: print what would be deleted and delete nothing (server-side dry run)" };
        var keepRunDirectory = new Option<bool>("--keep-run-dir") { Description = "Local: keep the run's temp directory (etcd data, histories, worker logs) and print where it is; by default it is deleted" };
        var environment = new Option<string[]>("--env")
        {
            Description = "Local: NAME=VALUE set for every replica on top of target.replica.environment (repeatable), e.g. a switch of your service",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("run", "Run a chaos plan end to end and print the verdict (exit 0 pass, 1 a check failed, 2 bad plan or infrastructure failure)")
        {
            plan, report, seed, dryRun, keepRunDirectory, environment,
        };
        command.SetAction(async (result, cancellationToken) => await RunAsync(
            result.GetValue(plan)!,
            result.GetValue(report),
            result.GetValue(seed),
            result.GetValue(dryRun),
            result.InvocationConfiguration.Output,
            cancellationToken,
            result.GetValue(keepRunDirectory),
            result.GetValue(environment)));
        return command;
    }

    public static async Task<int> RunAsync(string planPath, string? reportDir, long? seed, bool dryRun, TextWriter output, CancellationToken cancellationToken, bool keepRunDirectory = false, IReadOnlyList<string>? environment = null)
    {
        // Which signal cancelled the run decides the exit code (130 or 143); the handlers only note it and let the
        // default handling (System.CommandLine's cancellation) go on.
        var cancelledBy = ExitCodes.Interrupted;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cancelledBy = ExitCodes.Terminated);

        var plan = PlanLoading.Load(planPath, output);
        if (plan is null)
        {
            return ExitCodes.BadInput;
        }

        var variables = ReplicaVariables(environment ?? [], plan, output);
        if (variables is null)
        {
            return ExitCodes.BadInput;
        }

        // Claimed before anything starts: a run must not spend its minutes and then fail on its report path.
        using var destination = ReportDestinations.Claim(reportDir, output);
        if (reportDir is not null && destination is null)
        {
            return ExitCodes.BadInput;
        }

        // A simulated run takes milliseconds and must replay the same with or without a view: it gets event lines only.
        // Real runs get the live table (its snapshots read roles from the store every second) or, redirected, status lines.
        var simulated = plan.Target.Kind == TargetKind.Simulation;
        var view = RunView.For(output, plan.Metadata.Name, plan.Workload.Duration, live: !simulated);
        var options = new ChaosRunOptions { OnEvent = view.OnEvent, OnSnapshot = simulated ? null : view.OnSnapshot };
        output.WriteLine($"running {plan.Metadata.Name} on target {PlanNames.Of(plan.Target.Kind)}: {plan.Target.Replicas} replicas, {plan.Workload.Duration.TotalSeconds:0.#} s");
        Verdict verdict;
        try
        {
            verdict = await view.RunAsync(async () => plan.Target.Kind switch
            {
                TargetKind.Simulation => SimulationRun.Run(plan, seed ?? plan.Target.Seed, runOptions: options).Verdict,
                TargetKind.Local => (await LocalPlanRun.RunAsync(plan, seed ?? plan.Target.Seed, options, keepRunDirectory: keepRunDirectory, environment: variables, cancellationToken: cancellationToken)).Verdict,
                _ => await KubernetesPlanRun.RunAsync(plan, seed ?? plan.Target.Seed, options, output, new KubernetesRunSettings { DryRun = dryRun }, cancellationToken),
            });
        }
        catch (Exception e) when (e is PlanRunException or KubernetesRunException)
        {
            output.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (verdict.Metadata.Properties.TryGetValue("runDirectory", out var kept))
        {
            output.WriteLine($"run directory kept: {kept}");
        }

        var exitCode = Conclude(plan, verdict, reportDir, output);
        if (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine($"CANCELLED: {plan.Metadata.Name} was stopped before it finished; its verdict proves nothing (exit {cancelledBy})");
            return cancelledBy;
        }

        return exitCode;
    }

    /// <summary>The <c>--env</c> variables by name, or null (after printing why) when one is not NAME=VALUE or may not be set.</summary>
    private static Dictionary<string, string>? ReplicaVariables(IReadOnlyList<string> assignments, ChaosPlan plan, TextWriter output)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (assignments.Count > 0 && plan.Target.Kind != TargetKind.Local)
        {
            output.WriteLine($"error: --env applies only to target kind local (the plan's target is {PlanNames.Of(plan.Target.Kind)})");
            return null;
        }

        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? assignment[..equals] : string.Empty;
            if (equals <= 0 || !Chaos.Local.ReplicaContract.IsVariableName(name))
            {
                output.WriteLine($"error: --env '{History.Diagnostics.DiagnosticText.Clean(assignment)}' is not NAME=VALUE (a name of letters, digits and '_')");
                return null;
            }

            if (Chaos.Local.ReplicaContract.IsReserved(name))
            {
                output.WriteLine($"error: --env {name}: the controller sets it for each replica (the replica contract, docs/replica-contract.md)");
                return null;
            }

            variables[name] = assignment[(equals + 1)..];
        }

        return variables;
    }

    /// <summary>Prints the verdict, writes the reports, and turns the verdict into the exit code.</summary>
    internal static int Conclude(ChaosPlan plan, Verdict verdict, string? reportDir, TextWriter output)
    {
        VerdictPrinter.Print(verdict, output);
        if (reportDir is not null)
        {
            try
            {
                ReportWriter.WriteAll(reportDir, verdict);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"error: the reports could not be written to {Path.GetFullPath(reportDir)}: {e.Message}");
                return ExitCodes.BadInput;
            }

            output.WriteLine($"reports: {Path.GetFullPath(reportDir)}");
        }

        var expectation = plan.Expect == PlanExpectation.Fail
            ? verdict.Passed ? " (this negative-control plan expects FAIL: its bug was NOT caught)" : " (as this negative-control plan expects)"
            : string.Empty;
        var word = verdict.Status switch
        {
            CheckStatus.Passed => "PASS",
            CheckStatus.Failed => "FAIL",
            _ => "INCONCLUSIVE",
        };
        output.WriteLine($"{word}: {plan.Metadata.Name}{expectation}");
        return verdict.Passed ? ExitCodes.Pass : ExitCodes.CheckFailed;
    }
}
