using System.Globalization;
using ResilienceLab.Chaos.Controller;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// What `reslab run` shows while a plan runs. On a terminal: a live table of the replicas — up, paused or down, their
/// roles (leader, task locks) read from the store, the plan steps whose faults are in force on them — with the store
/// members that are down, the tasks' progress and the latest chaos events under it. Redirected or in CI: each chaos
/// event as a line, and a status line every <see cref="StatusEvery"/>.
/// </summary>
internal sealed class RunView
{
    /// <summary>How often the plain view prints a status line (run time).</summary>
    public static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);

    private const int EventsShown = 8;

    private readonly TextWriter _output;
    private readonly string _planName;
    private readonly TimeSpan _total;
    private readonly IAnsiConsole? _console;
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _known = new(Comparer<string>.Create(CompareNames));
    private readonly Queue<ChaosEvent> _events = new();
    private RunSnapshot? _last;
    private TimeSpan? _lastStatusAt;
    private LiveDisplayContext? _live;

    /// <param name="output">Where the plain view writes its lines.</param>
    /// <param name="planName">The title of the table.</param>
    /// <param name="total">The plan's duration.</param>
    /// <param name="console">Where the live table is drawn; null for the plain line view.</param>
    internal RunView(TextWriter output, string planName, TimeSpan total, IAnsiConsole? console)
    {
        _output = output;
        _planName = planName;
        _total = total;
        _console = console;
    }

    /// <summary>The live table on an interactive terminal; plain lines when redirected, in CI, or for another writer.</summary>
    public static RunView For(TextWriter output, string planName, TimeSpan total, bool live)
    {
        var terminal = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && ReferenceEquals(output, Console.Out);
        return new RunView(output, planName, total, live && terminal ? AnsiConsole.Console : null);
    }

    /// <summary>Whether the view wants snapshots (<see cref="OnSnapshot"/>).</summary>
    public bool IsLive => _console is not null;

    /// <summary>Runs <paramref name="run"/> with the live table on screen (left there at the end), or just runs it.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        if (_console is null)
        {
            return await run();
        }

        return await _console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            lock (_gate)
            {
                _live = context;
            }

            try
            {
                return await run();
            }
            finally
            {
                Refresh();
                lock (_gate)
                {
                    _live = null;
                }
            }
        });
    }

    public void OnEvent(ChaosEvent e)
    {
        lock (_gate)
        {
            _events.Enqueue(e);
            while (_events.Count > EventsShown)
            {
                _events.Dequeue();
            }

            if (_console is null)
            {
                _output.WriteLine(EventLine(e));
            }
        }

        Refresh();
    }

    public void OnSnapshot(RunSnapshot snapshot)
    {
        lock (_gate)
        {
            _last = snapshot;
            _known.UnionWith(snapshot.Replicas.Select(r => r.Name));
            if (_console is null && (_lastStatusAt is null || snapshot.At - _lastStatusAt >= StatusEvery))
            {
                _lastStatusAt = snapshot.At;
                _output.WriteLine(StatusLine(snapshot));
            }
        }

        Refresh();
    }

    /// <summary>"[  12.000s / 60s] status: r1 ready leader,task-0 | r2 PAUSED [pause-one] | r4 DOWN | etcd down: m1 | steps 45".</summary>
    internal string StatusLine(RunSnapshot snapshot)
    {
        lock (_gate)
        {
            var replicas = _known.Select(name => snapshot.Replicas.FirstOrDefault(r => r.Name == name) is { } r
                ? $"{r.Name} {State(r)}{(r.Roles.Count > 0 ? " " + string.Join(',', r.Roles) : "")}{(r.Faults.Count > 0 ? $" [{string.Join(',', r.Faults)}]" : "")}"
                : $"{name} DOWN");
            var line = $"{Clock(snapshot.At)} status: {string.Join(" | ", replicas)}";
            if (snapshot.DownStoreMembers.Count > 0)
            {
                line += $" | etcd down: {string.Join(',', snapshot.DownStoreMembers)}";
            }

            line += snapshot.RolesError is null ? $" | {Progress(snapshot)}" : " | roles unknown: store unreachable";
            return line;
        }
    }

    /// <summary>The live table and the latest events, as drawn now.</summary>
    internal IRenderable Render()
    {
        lock (_gate)
        {
            var at = _last?.At ?? TimeSpan.Zero;
            var table = new Table().Border(TableBorder.Rounded).Expand()
                .Title($"[bold]{Markup.Escape(_planName)}[/]  {at.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s / {_total.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s")
                .AddColumn("replica").AddColumn("state").AddColumn("roles").AddColumn("faults in force");
            foreach (var name in _known)
            {
                var status = _last?.Replicas.FirstOrDefault(r => r.Name == name);
                table.AddRow(
                    new Text(name),
                    status is null ? new Markup("[red]down[/]") : new Markup(status.Paused ? "[yellow]paused[/]" : status.Ready ? "[green]up[/]" : "[grey]starting[/]"),
                    new Text(status is null ? "" : string.Join(", ", status.Roles)),
                    new Text(status is null ? "" : string.Join(", ", status.Faults)));
            }

            var caption = new List<string>();
            if (_last is { } last)
            {
                caption.Add(last.RolesError is null ? Progress(last) : "roles unknown: the store is unreachable");
                if (last.DownStoreMembers.Count > 0)
                {
                    caption.Add($"etcd members down: {string.Join(", ", last.DownStoreMembers)}");
                }
            }
            else
            {
                caption.Add("starting…");
            }

            table.Caption(Markup.Escape(string.Join("  ·  ", caption)));
            var lines = _events.Select(e => (IRenderable)new Markup($"[grey]{Markup.Escape(Clock(e.At))}[/] {Markup.Escape($"{e.Step} {e.Action} {e.Target}")} [{Colour(e.Outcome)}]{Markup.Escape(e.Outcome)}[/]"));
            return new Rows([table, .. lines]);
        }
    }

    private void Refresh()
    {
        LiveDisplayContext? live;
        lock (_gate)
        {
            live = _live;
        }

        if (live is not null)
        {
            live.UpdateTarget(Render());
        }
    }

    private string EventLine(ChaosEvent e) =>
        $"{Clock(e.At)} {e.Step,-28} {e.Action,-20} {e.Target,-18} {e.Outcome}";

    private string Clock(TimeSpan at) =>
        string.Create(CultureInfo.InvariantCulture, $"[{at.TotalSeconds,7:0.000}s / {_total.TotalSeconds:0}s]");

    private static string State(ReplicaStatus r) => r.Paused ? "PAUSED" : r.Ready ? "up" : "starting";

    private static string Progress(RunSnapshot s) =>
        s.TaskProgress.Count > 0 ? $"task steps committed: {string.Join(", ", s.TaskProgress.Select(p => $"{p.Key}:{p.Value}"))}"
        : s.Replicas.Any(r => r.Roles.Any(IsNamedRole)) ? $"roles: {string.Join(", ", s.Replicas.Where(r => r.Roles.Any(IsNamedRole)).Select(r => $"{r.Name} {string.Join(" + ", r.Roles.Where(IsNamedRole))}"))}"
        : "no task checkpoint yet";

    /// <summary>A role of a lock or election the plan names (a team's own service), not a reference task's or leader's.</summary>
    private static bool IsNamedRole(string role) => role.StartsWith("holds ", StringComparison.Ordinal) || role.StartsWith("leads ", StringComparison.Ordinal);

    private static string Colour(string outcome) =>
        outcome == "ok" ? "green" : outcome.StartsWith("MISSED", StringComparison.Ordinal) || outcome.StartsWith("failed", StringComparison.Ordinal) ? "red" : "yellow";

    /// <summary>replica-2 before replica-10.</summary>
    private static int CompareNames(string? a, string? b)
    {
        static (string Stem, long Number) Split(string s)
        {
            var i = s.Length;
            while (i > 0 && char.IsAsciiDigit(s[i - 1]))
            {
                i--;
            }

            return (s[..i], i < s.Length && long.TryParse(s[i..], CultureInfo.InvariantCulture, out var n) ? n : -1);
        }

        var (x, y) = (Split(a ?? ""), Split(b ?? ""));
        var stem = string.CompareOrdinal(x.Stem, y.Stem);
        return stem != 0 ? stem : x.Number != y.Number ? x.Number.CompareTo(y.Number) : string.CompareOrdinal(a, b);
    }
}
