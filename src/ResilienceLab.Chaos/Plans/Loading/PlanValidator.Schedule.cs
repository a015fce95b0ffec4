using ResilienceLab.Chaos.Targets;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private static bool IsMemberAction(ChaosActionKind action) =>
        action is ChaosActionKind.KillEtcdMember or ChaosActionKind.RestartEtcdMember or ChaosActionKind.KillEtcdQuorum;

    private void ValidateStep(ChaosStep step, string path)
    {
        if (!context.Sound(PlanContext.Join(path, "action")))
        {
            return;
        }

        var label = $"step '{step.Name}'";
        var actionPath = PlanContext.Join(path, "action");
        var actionName = PlanNames.Of(step.Action);
        var supported = true;
        // A target.agent that did not bind says nothing about what the pods offer: its own error is the one to fix.
        if (context.Sound("target.kind", "target.agent") && TargetCapabilities.WhyNot(Target, step.Action) is { } why)
        {
            context.Diagnostics.Error(context.Locate(actionPath), PlanDiagnosticCodes.UnsupportedAction, $"{label}: action '{actionName}' is not supported on target {PlanNames.Of(Target.Kind)}: {why}");
            supported = false;
        }
        else if (context.Sound("store.kind") && UnsupportedByStore(step.Action) is { } reason)
        {
            context.Diagnostics.Error(context.Locate(actionPath), PlanDiagnosticCodes.UnsupportedAction, $"{label}: {reason}");
            supported = false;
        }
        else if (IsMemberAction(step.Action))
        {
            ValidateMember(step, path, label);
        }

        if (step.Arguments.Selector is { } selector && context.Sound(PlanContext.Join(path, "selector")))
        {
            ValidateSelector(selector, PlanContext.Join(path, "selector"), label);
        }

        if (context.Sound("workload.duration"))
        {
            ValidateTiming(step, path, label);
        }

        if (supported)
        {
            ValidateHealing(step, path, label);
        }
    }

    private string? UnsupportedByStore(ChaosActionKind action)
    {
        var name = PlanNames.Of(action);
        if (IsMemberAction(action))
        {
            if (Store.Kind == StoreKind.Nats)
            {
                return $"action '{name}' needs an etcd store (started by the run, or simulated); this store is nats";
            }

            if (Store.Start is null && context.Sound("store.start"))
            {
                return $"action '{name}' can only stop etcd members the run started itself; replace store.endpoints with start: {{members: 3}}";
            }
        }

        return (action, Store.Kind) switch
        {
            (ChaosActionKind.RevokeLease, StoreKind.Nats) => "action 'revoke-lease' needs leases, and NATS key-value buckets have none; use kill or partition",
            (ChaosActionKind.StoreFault, StoreKind.Nats) => "action 'store-fault' injects faults into the workers' etcd client; this store is nats (use partition or latency)",
            _ => null,
        };
    }

    private void ValidateMember(ChaosStep step, string path, string label)
    {
        if (Store.Start is not { } start || !context.Sound("store.start", "store.members", "store.start.members"))
        {
            return;
        }

        var names = start.MemberNames;
        var memberPath = PlanContext.Join(path, "member");
        if (step.Action == ChaosActionKind.KillEtcdQuorum && start.Members < 3)
        {
            context.Error(PlanContext.Join(path, "action"), PlanDiagnosticCodes.ImpossibleSelection, $"{label}: kill-etcd-quorum needs at least 3 members, so that a majority can be killed and a member survives; this store has {start.Members} (use 3 members, or kill-etcd-member for a full outage)");
        }

        if (step.Arguments is not Actions.EtcdMember.EtcdMemberArguments { Member: { } member } || !context.Sound(memberPath))
        {
            return;
        }

        switch (step.Action, member.Role)
        {
            case (ChaosActionKind.RestartEtcdMember, not EtcdMemberRole.Named):
                context.Error(memberPath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: restart-etcd-member restarts a stopped member, and '{PlanNames.Of(member.Role)}' names a running one; name the member (e.g. {names[0]}) or leave 'member' out to restart every member the run stopped");
                break;
            case (_, EtcdMemberRole.Named) when !names.Contains(member.Name):
                context.Error(memberPath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: no etcd member is named '{member.Name}'; this store has {string.Join(", ", names)} (or use leader / follower)");
                break;
            case (ChaosActionKind.KillEtcdMember, EtcdMemberRole.Follower) when start.Members == 1:
                context.Error(memberPath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: a single-member store has no follower; use members: 3");
                break;
            case (ChaosActionKind.KillEtcdMember, _) when start.Members == 1:
                context.Warning(memberPath, PlanDiagnosticCodes.WholeStoreOutage, $"{label}: killing the only member of a single-member store stops the whole store; use members: 3 to keep a quorum");
                break;
        }
    }

    private void ValidateSelector(ReplicaSelector selector, string path, string label)
    {
        var rolePath = PlanContext.Join(path, "role");
        var taskPath = PlanContext.Join(path, "task");
        var valuePath = PlanContext.Join(path, "value");
        var modeName = PlanNames.Of(selector.Mode);
        if (!context.Sound(rolePath, PlanContext.Join(path, "mode")))
        {
            return;
        }

        if (selector.Task is not null && selector.Role != ReplicaRole.LockHolder && context.Sound(taskPath))
        {
            context.Error(taskPath, PlanDiagnosticCodes.FieldNotApplicable, $"{label}: 'task' applies only to role lock-holder", atKey: true);
        }

        var lockPath = PlanContext.Join(path, "lock");
        var electionPath = PlanContext.Join(path, "election");
        if (selector.Lock is not null && selector.Role != ReplicaRole.LockHolder && context.Sound(lockPath))
        {
            context.Error(lockPath, PlanDiagnosticCodes.FieldNotApplicable, $"{label}: 'lock' applies only to role lock-holder", atKey: true);
        }

        if (selector.Election is not null && selector.Role is not (ReplicaRole.Leader or ReplicaRole.Follower) && context.Sound(electionPath))
        {
            context.Error(electionPath, PlanDiagnosticCodes.FieldNotApplicable, $"{label}: 'election' applies only to roles leader and follower", atKey: true);
        }

        if (selector.Lock is not null && selector.Task is not null && context.Sound(lockPath, taskPath))
        {
            context.Error(lockPath, PlanDiagnosticCodes.ConflictingFields, $"{label}: give either 'task' (a reference worker's task lock) or 'lock' (a lock by name), not both", atKey: true);
            return;
        }

        var external = Workload.Service == WorkloadService.External && context.Sound("workload.service");
        var single = selector.Mode is SelectorMode.One or SelectorMode.All;
        switch (selector.Role)
        {
            case ReplicaRole.LockHolder when selector.Lock is null && external:
                RoleNeeds(rolePath, label, "lock-holder", "the lock your service takes: add lock: <its name>, or a prefix ending in '/' (e.g. lock: /billing/locks/) for the holder of any lock under it");
                break;
            case ReplicaRole.LockHolder when selector.Lock is { } name && !selector.LockIsPrefix && !single:
                context.Error(PlanContext.Join(path, "mode"), PlanDiagnosticCodes.ImpossibleSelection, $"{label}: lock '{name}' has one holder, so mode {modeName} cannot apply; use mode one, or a prefix ending in '/' for the holders of several locks");
                break;
            case ReplicaRole.LockHolder when selector.Lock is not null:
                break;
            case ReplicaRole.LockHolder when !Workload.Tasks.Enabled:
                RoleNeeds(rolePath, label, "lock-holder", "workload.tasks (no replica holds a task lock), or lock: <the name or prefix of a lock your service takes>");
                break;
            case ReplicaRole.LockHolder when selector.Task is { } task && context.Sound(taskPath, "workload.tasks.count") && task >= Workload.Tasks.Count:
                context.Error(taskPath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: task {task} does not exist; the workload has {Workload.Tasks.Count} task{(Workload.Tasks.Count == 1 ? string.Empty : "s")} (ids 0–{Workload.Tasks.Count - 1})");
                break;
            case ReplicaRole.LockHolder when selector.Task is null && Workload.Tasks.Count > 1 && selector.Mode != SelectorMode.All:
                context.Error(rolePath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: role lock-holder is ambiguous with {Workload.Tasks.Count} tasks; add task: <0–{Workload.Tasks.Count - 1}> to hit one task's holder, or mode: all to hit every lock holder");
                break;
            case ReplicaRole.LockHolder when selector.Task is not null && !single:
                context.Error(PlanContext.Join(path, "mode"), PlanDiagnosticCodes.ImpossibleSelection, $"{label}: a task's lock has one holder, so mode {modeName} cannot apply; use mode one");
                break;
            case ReplicaRole.Leader or ReplicaRole.Follower when selector.Election is null && external:
                RoleNeeds(rolePath, label, PlanNames.Of(selector.Role), "the election your service campaigns in: add election: <its name>");
                break;
            case ReplicaRole.Leader or ReplicaRole.Follower when selector.Election is null && !Workload.Election.Enabled:
                RoleNeeds(rolePath, label, PlanNames.Of(selector.Role), "workload.election (without an election there is no leader), or election: <the name of an election your service campaigns in>");
                break;
            case ReplicaRole.Leader when !single:
                context.Error(PlanContext.Join(path, "mode"), PlanDiagnosticCodes.ImpossibleSelection, $"{label}: there is one leader, so mode {modeName} cannot apply; use mode one");
                break;
            case ReplicaRole.Follower when Target.Replicas == 1 && context.Sound("target.replicas"):
                context.Error(rolePath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: a single replica has no followers; raise target.replicas");
                break;
        }

        if (selector.Mode == SelectorMode.Fixed && selector.Value is { } value && context.Sound(valuePath, "target.replicas"))
        {
            var candidates = selector.Role == ReplicaRole.Follower ? Target.Replicas - 1 : Target.Replicas;
            var what = selector.Role == ReplicaRole.Follower ? "followers" : "replicas";
            if (value > candidates)
            {
                context.Error(valuePath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: mode fixed with value {value} asks for more {what} than the target has ({candidates})");
            }
        }
    }

    private void RoleNeeds(string rolePath, string label, string role, string what) =>
        context.Error(rolePath, PlanDiagnosticCodes.ImpossibleSelection, $"{label}: role {role} needs {what}");
}
