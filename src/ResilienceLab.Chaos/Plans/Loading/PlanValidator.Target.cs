using System.Text.RegularExpressions;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private static readonly string[] KubernetesOnly = ["namespace", "selector", "kubeconfig", "context", "agent"];

    private static readonly string[] ExternalStoreOnly = ["endpoints", "start"];

    private void ValidateTarget()
    {
        if (!context.Sound("target.kind"))
        {
            return;
        }

        var kindName = PlanNames.Of(Target.Kind);
        if (Target.Kind != TargetKind.Kubernetes)
        {
            foreach (var field in KubernetesOnly.Where(f => context.Written($"target.{f}")))
            {
                context.Error($"target.{field}", PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' applies only to target kind kubernetes, not {kindName}", atKey: true);
            }
        }

        // Measured, not guessed (docs/chaos-plans.md): on 2 cores 32 local workers become ready within the 30 s
        // start-up budget and 48 do not; more replicas belong in the simulation or on Kubernetes.
        if (Target.Kind == TargetKind.Local && context.Sound("target.replicas") && Target.Replicas > ChaosPlanConstants.MaxLocalReplicas)
        {
            context.Error("target.replicas", PlanDiagnosticCodes.OutOfRange, $"target.replicas: {Target.Replicas} worker processes cannot all start on one machine; a local target runs at most {ChaosPlanConstants.MaxLocalReplicas} (measured on 2 cores: 32 become ready within the 30 s start-up budget, 48 do not); use target kind simulation or kubernetes for more");
        }

        if (Target.Kind != TargetKind.Simulation && context.Written("target.clocks"))
        {
            context.Error("target.clocks", PlanDiagnosticCodes.FieldNotApplicable, $"'clocks' applies only to target kind simulation: a {kindName} target runs on the machine's real clocks", atKey: true);
        }

        if (Target.Kind != TargetKind.Local && context.Written("target.replica"))
        {
            var instead = Target.Kind == TargetKind.Kubernetes
                ? "on kubernetes your Deployment's pods are the replicas"
                : "in the simulation your hosted services run as the replicas through ResilienceLab.Testing";
            context.Error("target.replica", PlanDiagnosticCodes.FieldNotApplicable, $"'replica' applies only to target kind local: {instead}", atKey: true);
        }

        for (var i = 0; i < Target.Clocks.Count; i++)
        {
            var path = $"target.clocks[{i}].replica";
            if (context.Sound(path, "target.replicas") && Target.Clocks[i].Replica >= Target.Replicas)
            {
                context.Error(path, PlanDiagnosticCodes.OutOfRange, $"{path}: replica {Target.Clocks[i].Replica} does not exist; the target has {Target.Replicas} replicas (0–{Target.Replicas - 1})");
            }
        }

        if (Target.Kind == TargetKind.Kubernetes)
        {
            ValidateKubernetes();
        }
    }

    /// <summary>The blast-radius guard: an explicit, non-system namespace and a non-empty selector, or nothing runs.</summary>
    private void ValidateKubernetes()
    {
        if (!context.Written("target.namespace"))
        {
            // Not context.Error: that would mark all of target failed and hide a missing selector as well.
            context.Diagnostics.Error(context.Locate("target", atKey: true), PlanDiagnosticCodes.BlastRadius, "target kubernetes needs an explicit 'namespace': the controller never deletes pods outside the namespace it is given");
        }
        else if (Target.Namespace is { } ns && context.Sound("target.namespace"))
        {
            if (!NamespacePattern().IsMatch(ns))
            {
                context.Error("target.namespace", PlanDiagnosticCodes.InvalidFormat, $"target.namespace: '{ns}' is not a valid namespace; expected at most 63 lowercase letters, digits and '-'");
            }
            else if (ns.StartsWith("kube-", StringComparison.Ordinal))
            {
                context.Error("target.namespace", PlanDiagnosticCodes.BlastRadius, $"target.namespace: refusing to run chaos in the system namespace '{ns}'; deploy the workers in a namespace of their own");
            }
        }

        if (Target.Selector.Count == 0 && context.Sound("target.selector"))
        {
            var where = context.Written("target.selector") ? "target.selector" : "target";
            context.Error(where, PlanDiagnosticCodes.BlastRadius, "target kubernetes needs a non-empty label 'selector' (e.g. app: resiliencelab-worker): without one every pod in the namespace would be a candidate", atKey: true);
        }
    }

    private void ValidateStore()
    {
        if (!context.Sound("store.kind"))
        {
            return;
        }

        var kindName = PlanNames.Of(Store.Kind);
        if (Store.Kind == StoreKind.Simulated)
        {
            foreach (var field in ExternalStoreOnly.Where(f => context.Written($"store.{f}")))
            {
                context.Error($"store.{field}", PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' does not apply to the simulated store, which lives inside the run (set its size with members: 3)", atKey: true);
            }
        }
        else
        {
            ValidateExternalStore(kindName);
        }

        if (context.Sound("target.kind") && IncompatibleStore() is { } reason)
        {
            context.Error("store.kind", PlanDiagnosticCodes.IncompatibleStore, reason);
        }
    }

    private void ValidateExternalStore(string kindName)
    {
        if (context.Written("store.members"))
        {
            context.Error("store.members", PlanDiagnosticCodes.FieldNotApplicable, $"'members' applies to the simulated store; for {kindName} write start: {{members: 3}}", atKey: true);
        }

        var hasEndpoints = Store.Endpoints.Count > 0 || context.Written("store.endpoints");
        if (hasEndpoints && Store.Start is not null)
        {
            context.Error("store.start", PlanDiagnosticCodes.ConflictingFields, $"store {kindName} takes 'endpoints' (an external store) or 'start' (the run starts one), not both", atKey: true);
        }
        else if (!hasEndpoints && Store.Start is null && context.Sound("store.endpoints", "store.start"))
        {
            context.Error("store", PlanDiagnosticCodes.MissingField, $"store {kindName} needs 'endpoints' (an external {kindName}) or 'start' (the run starts one on this machine, e.g. start: {{members: 3}})", atKey: true);
        }

        if (hasEndpoints && Store.Endpoints.Count == 0 && context.Sound("store.endpoints"))
        {
            context.Error("store.endpoints", PlanDiagnosticCodes.MissingField, "store.endpoints is empty; list at least one endpoint");
        }

        string[] schemes = Store.Kind == StoreKind.Etcd ? ["http", "https"] : ["nats", "tls", "ws", "wss"];
        for (var i = 0; i < Store.Endpoints.Count; i++)
        {
            var endpoint = Store.Endpoints[i];
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme) || string.IsNullOrEmpty(uri.Host) || uri.IsDefaultPort && !endpoint.Contains(':', StringComparison.Ordinal))
            {
                var example = Store.Kind == StoreKind.Etcd ? "http://127.0.0.1:2379" : "nats://127.0.0.1:4222";
                context.Error($"store.endpoints[{i}]", PlanDiagnosticCodes.InvalidFormat, $"store.endpoints[{i}]: '{endpoint}' is not a valid {kindName} endpoint; expected scheme://host:port with scheme {string.Join(", ", schemes)}, e.g. {example}");
            }
        }

        ValidateStoreSecurity(kindName);
        if (Store.Kind == StoreKind.Nats && Store.Start is { Members: > 1 })
        {
            context.Error("store.start.members", PlanDiagnosticCodes.InconsistentValues, "store nats starts a single server; members must be 1");
        }
    }

    private void ValidateStoreSecurity(string kindName)
    {
        string[] fields = ["username", "passwordFrom", "password", "tls"];
        var written = fields.Where(f => context.Written($"store.{f}")).ToList();
        if (written.Count > 0 && Store.Kind != StoreKind.Etcd)
        {
            context.Error($"store.{written[0]}", PlanDiagnosticCodes.FieldNotApplicable, $"'{written[0]}' applies to an external etcd; store {kindName} does not take credentials or TLS here", atKey: true);
            return;
        }

        if (written.Count > 0 && Store.Start is not null && context.Sound("store.start"))
        {
            context.Error($"store.{written[0]}", PlanDiagnosticCodes.FieldNotApplicable, $"'{written[0]}' applies to an etcd the plan connects to (endpoints); the etcd the run starts has no authentication or TLS", atKey: true);
            return;
        }

        if (Store.Credentials is { HasLiteralPassword: true })
        {
            context.Warning("store.password", PlanDiagnosticCodes.LiteralPassword, "the plan holds the etcd password itself; plans are committed, shared and printed, so refer to it instead: passwordFrom: {env: NAME} (e.g. a Secret's secretKeyRef) or passwordFrom: {file: path} (a mounted Secret)", atKey: true);
        }

        if (Store.Tls is not null && Store.Endpoints.Any(e => e.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            context.Error("store.tls", PlanDiagnosticCodes.InconsistentValues, "store.tls needs https:// endpoints; an http:// endpoint would send everything in clear", atKey: true);
        }
    }

    private string? IncompatibleStore() => (Target.Kind, Store.Kind) switch
    {
        (TargetKind.Simulation, not StoreKind.Simulated) =>
            $"target simulation runs on virtual time inside one process and needs store kind simulated; a real {PlanNames.Of(Store.Kind)} cannot follow the virtual clock",
        (TargetKind.Local, StoreKind.Simulated) =>
            "the simulated store lives inside one process, but target local runs separate worker processes; use kind: etcd with start: {members: 1}",
        (TargetKind.Kubernetes, StoreKind.Simulated) =>
            "the simulated store lives inside one process and pods cannot reach it; use kind: etcd with the endpoints of the cluster's etcd",
        (TargetKind.Kubernetes, _) when Store.Start is not null && context.Sound("store.start") =>
            "target kubernetes needs store endpoints the pods can reach; 'start' runs the store on this machine",
        (TargetKind.Kubernetes, StoreKind.Nats) =>
            "target kubernetes reads roles and checkpoints through an etcd client; use kind: etcd there (nats runs on target local, e.g. store: {kind: nats, start: true})",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();
}
