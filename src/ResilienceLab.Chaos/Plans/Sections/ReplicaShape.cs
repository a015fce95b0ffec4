using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>target.replica</c>: the process each local replica runs.</summary>
internal static class ReplicaShape
{
    public static readonly ListField Command = new(
        "command",
        "The program and its arguments, e.g. [dotnet, bin/Release/net10.0/MyService.dll]; a relative program path is resolved against workingDirectory.",
        _ => new JsonObject { ["type"] = Presence.Strings(["string", "number", "boolean"]) })
    {
        MinItems = 1,
        Required = true,
        Hint = "the program and its arguments, e.g. command: [dotnet, bin/Release/net10.0/MyService.dll]",
    };

    public static readonly StringField WorkingDirectory = new("workingDirectory", "Where the replicas run, relative to the plan file's directory (default: the plan file's directory).");

    public static readonly CustomField Environment = new(
        "environment",
        "Variables for every replica, e.g. MYSERVICE_Store__Endpoints: ${store.endpoints}. The contract's RESLAB_* variables are set by the controller and may not be given here.",
        _ => new JsonObject
        {
            ["type"] = "object",
            ["propertyNames"] = new JsonObject { ["pattern"] = "^[A-Za-z_][A-Za-z0-9_]*$" },
            ["additionalProperties"] = new JsonObject { ["type"] = Presence.Strings(["string", "number", "boolean"]) },
        });

    public static readonly EnumField<ReplicaReadiness> Ready = new("ready", "readiness", "file: ready when the replica creates ${replica.readyFile}; started: ready as soon as its process runs.")
    {
        Default = "file",
    };

    public static readonly SectionShape Section = new(
        "replica",
        "The process each local replica runs. Arguments and environment values may use the replica contract's placeholders: ${replica.name}, ${replica.ordinal}, ${replica.historyPath}, ${replica.readyFile}, ${replica.faultFile}, ${store.endpoints}, ${store.kind}, ${run.directory} ($${ for a literal ${).",
        [Command, WorkingDirectory, Environment, Ready]);
}
