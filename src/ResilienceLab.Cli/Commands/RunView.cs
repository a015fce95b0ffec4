using ResilienceLab.Chaos.Controller;
using Spectre.Console;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// What `reslab run` shows while a plan runs: each chaos event as it happens, with elapsed / total time.
/// Colour and markup on a terminal; plain lines when the output is redirected or in CI.
/// </summary>
internal sealed class RunView(TextWriter output, TimeSpan total)
{
    private readonly bool _fancy = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && ReferenceEquals(output, Console.Out);
    private readonly Lock _gate = new();

    public void OnEvent(ChaosEvent e)
    {
        var line = $"[{e.At.TotalSeconds,7:0.000}s / {total.TotalSeconds:0}s] {e.Step,-28} {e.Action,-20} {e.Target,-18} {e.Outcome}";
        lock (_gate)
        {
            if (_fancy)
            {
                var colour = e.Outcome == "ok" ? "green" : e.Outcome.StartsWith("MISSED", StringComparison.Ordinal) ? "red" : "yellow";
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line[..line.IndexOf(']', StringComparison.Ordinal)])}][/]{Markup.Escape(line[(line.IndexOf(']', StringComparison.Ordinal) + 1)..])[..^e.Outcome.Length]}[{colour}]{Markup.Escape(e.Outcome)}[/]");
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }
}
