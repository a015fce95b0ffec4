using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>store</c>: the coordination store the replicas share.</summary>
internal static class StoreShape
{
    public static readonly EnumField<StoreKind> Kind = new("kind", "store kind", string.Empty) { Required = true, Hint = "simulated, etcd or nats" };

    public static readonly ListField Endpoints = new(
        "endpoints",
        "An external store's endpoints (etcd: http://host:2379; nats: nats://host:4222).",
        _ => new JsonObject { ["type"] = "string", ["pattern"] = "^(https?|nats|tls|wss?)://" })
    {
        MinItems = 1,
    };

    public static readonly SectionField Start = new("start", "The run starts the store on this machine: true (one member) or {members: 3}.", StoreStartShape.Section) { OrBoolean = true };

    public static readonly IntegerField Members = new("members", "simulated: the number of simulated etcd members.", 1, 9)
    {
        Allowed = ChaosPlanConstants.AllowedMemberCounts,
        Default = ChaosPlanConstants.DefaultSimulatedMembers,
    };

    public static readonly DurationField CallTimeout = new("callTimeout", "Deadline of every store call the workers make.")
    {
        Max = TimeSpan.FromMinutes(10),
        Default = "5s",
    };

    public static readonly StringField Username = new("username", "etcd user for an etcd with auth enabled (e.g. root, as the common Helm chart creates it); needs passwordFrom.") { MinLength = 1 };

    public static readonly SectionField PasswordFrom = new("passwordFrom", "Where the password comes from at run time: {env: NAME} (e.g. a Secret wired with secretKeyRef) or {file: path} (a mounted Secret). Never the password itself.", StorePasswordFromShape.Section);

    public static readonly StringField Password = new("password", "A literal password: accepted, but warning RLP110 (plans are committed and printed); use passwordFrom.") { Deprecated = true };

    public static readonly SectionField Tls = new("tls", "Client TLS for https:// endpoints.", StoreTlsShape.Section);

    public static readonly SectionShape Section = new("store", "The coordination store the replicas share.", [Kind, Endpoints, Start, Members, CallTimeout, Username, PasswordFrom, Password, Tls])
    {
        Conditions =
        [
            new("kind", ["simulated"], new Presence { Forbidden = ["endpoints", "start"] })
            {
                Else = new Presence { Forbidden = ["members"], AnyOf = ["endpoints", "start"], NotTogether = ["endpoints", "start"] },
            },
        ],
    };
}
