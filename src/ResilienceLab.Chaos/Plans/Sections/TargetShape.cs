using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>target</c>: where the replicas run.</summary>
internal static class TargetShape
{
    public static readonly EnumField<TargetKind> Kind = new("kind", "target kind", "simulation: one process, virtual time, one seed. local: worker processes on this machine. kubernetes: pods found by namespace + label selector.")
    {
        Required = true,
        Hint = "simulation, local or kubernetes",
    };

    public static readonly IntegerField Replicas = new("replicas", "How many replicas run (kubernetes: how many pods the selector must match).", 1, ChaosPlanConstants.MaxReplicas)
    {
        Required = true,
        Hint = "how many worker replicas run",
    };

    public static readonly IntegerField Seed = new("seed", "Seed of the run's random source (jitter, random selection; the whole run in a simulation).", 0, long.MaxValue)
    {
        Default = ChaosPlanConstants.DefaultSeed,
    };

    public static readonly StringField Namespace = new("namespace", "kubernetes: the namespace of the pods; never a kube-* system namespace.")
    {
        Pattern = PlanValues.NamePattern,
        ForbiddenPattern = "^kube-",
    };

    public static readonly CustomField Selector = new(
        "selector",
        "kubernetes: label selector (equality on every label), e.g. {app: resiliencelab-worker}.",
        _ => new JsonObject { ["type"] = "object", ["minProperties"] = 1, ["additionalProperties"] = new JsonObject { ["type"] = "string" } });

    public static readonly StringField Kubeconfig = new("kubeconfig", "kubernetes: path of a kubeconfig file (default: in-cluster, then ~/.kube/config).");

    public static readonly StringField Context = new("context", "kubernetes: kubeconfig context (default: its current context).");

    public static readonly ListField Clocks = ListField.Of("clocks", "simulation: per-replica clock skew and drift.", ClockShape.Section);

    public static readonly SectionField Replica = new("replica", "local: the process each replica runs (your service); default: the reference worker. See docs/replica-contract.md.", ReplicaShape.Section);

    public static readonly SectionField Agent = new("agent", "kubernetes: the worker pods carry the fault agent sidecar (k8s/agent/30-worker-agent.yaml), which offers pause, partition, latency, heal and store-fault: true, or {tokenFile: path of the agents' bearer token}.", AgentShape.Section)
    {
        OrBoolean = true,
    };

    public static readonly SectionShape Section = new("target", "Where the replicas under test run.", [Kind, Replicas, Seed, Namespace, Selector, Kubeconfig, Context, Clocks, Replica, Agent])
    {
        Conditions =
        [
            new("kind", ["kubernetes"], new Presence { Required = ["namespace", "selector"] })
            {
                Else = new Presence { Forbidden = ["namespace", "selector", "kubeconfig", "context", "agent"] },
            },
            new("kind", ["local", "kubernetes"], new Presence { Forbidden = ["clocks"] }),
            new("kind", ["simulation", "kubernetes"], new Presence { Forbidden = ["replica"] }),
        ],
    };
}
