namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// The fields each section of a plan may have. The JSON Schema's <c>properties</c> must list the same names (a test
/// compares them through <see cref="BySchemaDefinition"/>).
/// </summary>
internal static class PlanFields
{
    public static readonly IReadOnlyList<string> Root = ["apiVersion", "kind", "metadata", "target", "store", "workload", "schedule", "probes", "checks", "expect"];

    public static readonly IReadOnlyList<string> Metadata = ["name", "description"];

    public static readonly IReadOnlyList<string> Target = ["kind", "replicas", "seed", "namespace", "selector", "kubeconfig", "context", "clocks", "replica", "agent"];

    public static readonly IReadOnlyList<string> Agent = ["tokenFile"];

    public static readonly IReadOnlyList<string> Replica = ["command", "workingDirectory", "environment", "ready"];

    public static readonly IReadOnlyList<string> Clock = ["replica", "skew", "drift"];

    public static readonly IReadOnlyList<string> Store = ["kind", "endpoints", "start", "members", "callTimeout", "username", "passwordFrom", "password", "tls"];

    public static readonly IReadOnlyList<string> StorePasswordFrom = ["env", "file"];

    public static readonly IReadOnlyList<string> StoreTls = ["ca", "cert", "key", "serverName"];

    public static readonly IReadOnlyList<string> StoreStart = ["members"];

    public static readonly IReadOnlyList<string> Workload = ["duration", "service", "tasks", "election", "counter"];

    public static readonly IReadOnlyList<string> Tasks = ["count", "steps", "stepDuration", "lockTtl"];

    public static readonly IReadOnlyList<string> Election = ["enabled", "ttl", "heartbeatInterval"];

    public static readonly IReadOnlyList<string> Counter = ["enabled", "increments", "mode", "readWriteGap", "interval"];

    public static readonly IReadOnlyList<string> Step = ["name", "action", "at", "every", "count", "until", "duration", "jitter", "selector", "member", "latency", "latencyJitter", "probability", "fault"];

    public static readonly IReadOnlyList<string> Selector = ["mode", "value", "role", "task", "lock", "election"];

    public static readonly IReadOnlyList<string> Probe = ["name", "kind", "mode", "interval", "timeout", "tolerance", "abortOnFailure"];

    public static readonly IReadOnlyList<string> Check = ["name", "resumeWithin", "newLeaderWithin"];

    /// <summary>Field lists by the name of the JSON Schema definition (under <c>$defs</c>; "" = the root) that describes them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> BySchemaDefinition = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = Root,
        ["metadata"] = Metadata,
        ["target"] = Target,
        ["clock"] = Clock,
        ["replica"] = Replica,
        ["agent"] = Agent,
        ["store"] = Store,
        ["storeStart"] = StoreStart,
        ["storePasswordFrom"] = StorePasswordFrom,
        ["storeTls"] = StoreTls,
        ["workload"] = Workload,
        ["tasks"] = Tasks,
        ["election"] = Election,
        ["counter"] = Counter,
        ["step"] = Step,
        ["selector"] = Selector,
        ["probe"] = Probe,
        ["check"] = Check,
    };
}
