using ResilienceLab.Chaos.Controller;
using ResilienceLab.Cli.Commands;
using Spectre.Console;

namespace ResilienceLab.Cli.Tests;

/// <summary>`reslab run`'s view: the live table's content, and the plain lines a redirected run (CI) prints.</summary>
public sealed class RunViewTests
{
    private static RunSnapshot Snapshot(double at, params ReplicaStatus[] replicas) =>
        new(TimeSpan.FromSeconds(at), replicas, [], new Dictionary<int, int> { [0] = 12, [1] = 30 }, null);

    private static ReplicaStatus Up(string name, params string[] roles) => new(name, true, false, roles, []);

    [Fact]
    public void OnSnapshot_PlainView_PrintsAStatusLineEveryFiveSecondsOfRunTime()
    {
        using var output = new StringWriter();
        var view = new RunView(output, "plan", TimeSpan.FromSeconds(60), console: null);

        for (var t = 0; t <= 12; t++)
        {
            view.OnSnapshot(Snapshot(t, Up("replica-1", "leader"), Up("replica-2")));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("status: replica-1 up leader | replica-2 up | task steps committed: 0:12, 1:30", l, StringComparison.Ordinal));
        Assert.StartsWith("[ 10.000s / 60s]", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void StatusLine_ReplicaGoneAndOnePausedUnderFaults_ShowsDownPausedFaultsAndStoreMembersDown()
    {
        using var output = new StringWriter();
        var view = new RunView(output, "plan", TimeSpan.FromSeconds(60), console: null);
        view.OnSnapshot(Snapshot(1, Up("replica-1", "leader", "task-0"), Up("replica-2"), Up("replica-10")));

        var later = new RunSnapshot(
            TimeSpan.FromSeconds(2),
            [Up("replica-2", "task-0"), new ReplicaStatus("replica-10", true, true, [], ["pause-one", "cut-one"])],
            ["etcd-1"],
            new Dictionary<int, int>(),
            null);
        var line = view.StatusLine(later);

        Assert.Equal(
            "[  2.000s / 60s] status: replica-1 DOWN | replica-2 up task-0 | replica-10 PAUSED [pause-one,cut-one] | etcd down: etcd-1 | no task checkpoint yet",
            line);
    }

    [Fact]
    public void OnEvent_PlainView_PrintsOneLinePerEvent()
    {
        using var output = new StringWriter();
        var view = new RunView(output, "plan", TimeSpan.FromSeconds(60), console: null);

        view.OnEvent(new ChaosEvent(TimeSpan.FromSeconds(10.5), "kill-leader", "kill", "replica-3", "ok"));
        view.OnEvent(new ChaosEvent(TimeSpan.FromSeconds(12), "pause-holder", "pause", "-", "MISSED: no live replica holds task 0"));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[ 10.500s / 60s] kill-leader", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("MISSED: no live replica holds task 0", lines[1].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LiveTable_ShowsEveryReplicaEverSeenWithStateRolesFaultsAndTheLatestEvents()
    {
        using var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 160;
        var view = new RunView(TextWriter.Null, "partition-holder", TimeSpan.FromSeconds(60), console);
        view.OnSnapshot(Snapshot(1, Up("replica-1", "leader"), Up("replica-2"), Up("replica-3")));
        for (var i = 0; i < 10; i++)
        {
            view.OnEvent(new ChaosEvent(TimeSpan.FromSeconds(2 + i), $"step-{i}", "latency", "replica-2", "ok"));
        }

        view.OnSnapshot(new RunSnapshot(
            TimeSpan.FromSeconds(14),
            [Up("replica-2", "task-0", "task-1"), new ReplicaStatus("replica-3", true, true, [], ["pause-one"])],
            ["etcd-2"],
            new Dictionary<int, int> { [0] = 7 },
            null));

        console.Write(view.Render());
        var text = screen.ToString();

        Assert.Contains("partition-holder", text, StringComparison.Ordinal);
        Assert.Contains("14.0 s / 60 s", text, StringComparison.Ordinal);
        Assert.Matches(@"replica-1\s*│\s*down", text);
        Assert.Matches(@"replica-2\s*│\s*up\s*│\s*task-0, task-1", text);
        Assert.Matches(@"replica-3\s*│\s*paused\s*│\s*│\s*pause-one", text);
        Assert.Contains("etcd members down: etcd-2", text, StringComparison.Ordinal);
        Assert.Contains("task steps committed: 0:7", text, StringComparison.Ordinal);

        // Only the latest 8 events are kept under the table.
        Assert.DoesNotContain("step-1 ", text, StringComparison.Ordinal);
        Assert.Contains("step-2 latency replica-2 ok", text, StringComparison.Ordinal);
        Assert.Contains("step-9 latency replica-2 ok", text, StringComparison.Ordinal);
    }
}
