using System.CommandLine;
using ResilienceLab.Cli;

var root = new RootCommand("reslab — chaos and resilience testing for etcd-coordinated worker services");
foreach (var command in CliCommands.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
