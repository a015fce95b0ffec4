using System.CommandLine;

namespace ResilienceLab.Cli;

/// <summary>Every `reslab` sub-command. Each lives in Commands/&lt;Name&gt;Command.cs and is listed here once.</summary>
internal static class CliCommands
{
    public static IEnumerable<Command> All() =>
    [
        Commands.ValidateCommand.Create(),
        Commands.SimulateCommand.Create(),
        Commands.MergeCommand.Create(),
        Commands.RunCommand.Create(),
        Commands.CheckCommand.Create(capHeap: true),
        Commands.CompareCommand.Create(),
        Commands.BenchCommand.Create(),
        Commands.MutantsCommand.Create(),
    ];
}
