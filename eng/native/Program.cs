using System.CommandLine;
using ResilienceLab.Cli.Commands;

// Only `simulate`: the one command whose cost is a batch of seeds in a new process (see the project file).
var root = new RootCommand("reslab simulate, compiled ahead of time (eng/reslab.sh runs it; the reslab tool has every command)");
root.Subcommands.Add(SimulateCommand.Create());
return await root.Parse(args).InvokeAsync();
