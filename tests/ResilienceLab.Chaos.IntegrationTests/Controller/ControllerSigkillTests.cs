using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Hosting;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Controller;

/// <summary>
/// `reslab run` killed with SIGKILL mid-run (issue #18, item 1): every child of the run — etcd, the workers, a paused
/// (stopped) worker too — dies with it, and the run directory goes. The run gets its own TMPDIR, which every child
/// inherits: a process whose environment names it belongs to the run.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class ControllerSigkillTests(ITestOutputHelper output)
{
    // Bounds on waiting for the run to reach the moment of the kill (etcd start, worker start-up on a loaded machine).
    private static readonly TimeSpan ReachLimit = TimeSpan.FromSeconds(90);

    // The issue's bound: within 5 s of the SIGKILL nothing of the run is left.
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(5);

    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: sigkill-controller
        target:
          kind: local
          replicas: 3
        store:
          kind: etcd
          start:
            members: 1
        workload:
          duration: 4m
          tasks:
            count: 2
            steps: 400
            stepDuration: 500ms
            lockTtl: 3s
        schedule:
          - name: pause-one
            action: pause
            at: 2s
            duration: 3m
            selector: {mode: one}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sigkill_OfTheController_LeavesNoProcessAndNoRunDirectory(bool whileAReplicaIsPaused)
    {
        var time = TimeProvider.System;
        var temp = Directory.CreateTempSubdirectory("reslab-sigkill-test-").FullName;
        var planPath = Path.Combine(temp, "plan.yaml");
        var runTemp = Path.Combine(temp, "tmp");
        Directory.CreateDirectory(runTemp);
        await File.WriteAllTextAsync(planPath, Plan);
        var controller = StartController(planPath, runTemp);
        try
        {
            // Wait for the moment: replicas up (a status line names them), or the pause applied.
            var marker = whileAReplicaIsPaused ? "pause-one" : "status:";
            var started = time.GetTimestamp();
            while (!controller.OutputTail(200).Contains(marker, StringComparison.Ordinal))
            {
                Assert.False(controller.HasExited, $"the controller exited before the kill:\n{controller.OutputTail(50)}");
                Assert.True(time.GetElapsedTime(started) < ReachLimit, $"the run did not reach '{marker}' within {ReachLimit}:\n{controller.OutputTail(50)}");
                await Task.Delay(TimeSpan.FromMilliseconds(100), time);
            }

            var children = RunProcesses(runTemp);
            output.WriteLine($"before the kill: {string.Join(", ", children.Select(p => $"{p.Pid} {p.State} {p.Command}"))}");
            Assert.Contains(children, p => p.Command.Contains("etcd", StringComparison.Ordinal));
            Assert.True(children.Count(p => p.Command.Contains("reslab-worker", StringComparison.Ordinal)) >= 3, "the workers are not running");
            if (whileAReplicaIsPaused)
            {
                Assert.Contains(children, p => p.State == 'T');
            }

            Assert.True(Signals.Send(controller.Id, UnixSignal.Kill));
            await controller.Exited;

            var killedAt = time.GetTimestamp();
            List<(int Pid, char State, string Command)> left;
            while ((left = RunProcesses(runTemp)).Count > 0 || RunDirectories(runTemp).Length > 0)
            {
                if (time.GetElapsedTime(killedAt) > CleanupLimit)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time);
            }

            Assert.True(left.Count == 0, $"left running {CleanupLimit} after the SIGKILL: {string.Join(", ", left.Select(p => $"{p.Pid} state {p.State} {p.Command}"))}");
            Assert.Empty(RunDirectories(runTemp));
        }
        finally
        {
            // If the test failed, leave nothing behind either.
            foreach (var (pid, _, _) in RunProcesses(runTemp))
            {
                Signals.Send(pid, UnixSignal.Kill);
            }

            controller.Dispose();
            Directory.Delete(temp, recursive: true);
        }
    }

    private static ChildProcess StartController(string planPath, string runTemp) =>
        Reslab.Start(["run", planPath], new Dictionary<string, string> { ["TMPDIR"] = runTemp });

    /// <summary>The run directories reslab created under the run's TMPDIR.</summary>
    private static string[] RunDirectories(string runTemp) => Directory.GetDirectories(runTemp, "reslab-*");

    /// <summary>Every live process whose environment has TMPDIR=<paramref name="runTemp"/>: the controller's children inherit it.</summary>
    private static List<(int Pid, char State, string Command)> RunProcesses(string runTemp)
    {
        var needle = $"TMPDIR={runTemp}\0";
        var found = new List<(int, char, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ")) + "\0";
                if (environment.Contains(needle, StringComparison.Ordinal) && Signals.State(pid) is { } state and not ('Z' or 'X'))
                {
                    found.Add((pid, state, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }
}
