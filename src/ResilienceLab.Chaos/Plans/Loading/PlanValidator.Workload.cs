namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private void ValidateWorkload()
    {
        if (!context.Sound("workload"))
        {
            return;
        }

        if (Workload.Service == WorkloadService.External)
        {
            if (Workload.DoesWork && context.Sound("workload.service"))
            {
                context.Error("workload.service", PlanDiagnosticCodes.InconsistentValues, "workload.service: external runs your own service, so workload.tasks, election and counter (which configure the reference workers) do not apply; remove them", atKey: true);
            }

            if (context.Sound("target.kind", "target.replica") && Target.Kind == TargetKind.Local && Target.Replica is null)
            {
                context.Error("workload.service", PlanDiagnosticCodes.InconsistentValues, "workload.service: external on target kind local needs target.replica, the command that starts one replica of your service (e.g. replica: {command: [dotnet, path/to/MyService.dll]}); without it the local target starts the reference worker", atKey: true);
            }
        }
        else if (!Workload.DoesWork && context.Sound("workload.tasks", "workload.election", "workload.counter"))
        {
            context.Error("workload", PlanDiagnosticCodes.MissingWorkload, "the workload does nothing: enable tasks (count > 0), election or counter", atKey: true);
        }

        var election = Workload.Election;
        if (election.Enabled && context.Written("workload.election.heartbeatInterval") && context.Sound("workload.election.heartbeatInterval", "workload.election.ttl")
            && election.HeartbeatInterval >= election.Ttl)
        {
            context.Error("workload.election.heartbeatInterval", PlanDiagnosticCodes.InconsistentValues, $"workload.election.heartbeatInterval: {F(election.HeartbeatInterval)} is not below the ttl ({F(election.Ttl)}): the leader's lease would lapse between heartbeats; use at most a third of the ttl");
        }

        if (context.Sound("store.kind") && Store.Kind == StoreKind.Etcd)
        {
            if (Workload.Tasks.Enabled)
            {
                CheckEtcdTtl("workload.tasks.lockTtl", Workload.Tasks.LockTtl);
            }

            if (election.Enabled)
            {
                CheckEtcdTtl("workload.election.ttl", election.Ttl);
            }
        }

        CheckTaskRunTime();
    }

    private void CheckEtcdTtl(string path, TimeSpan ttl)
    {
        if (!context.Sound(path))
        {
            return;
        }

        if (ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            var rounded = TimeSpan.FromSeconds(Math.Ceiling(ttl.TotalSeconds));
            context.Error(path, PlanDiagnosticCodes.InconsistentValues, $"{path}: etcd grants lease TTLs in whole seconds, so {F(ttl)} cannot be honoured; use {F(rounded)}");
        }
        else if (ttl < ChaosPlanConstants.EtcdMinimumTtl)
        {
            context.Warning(path, PlanDiagnosticCodes.EtcdMinimumTtl, $"{path}: etcd raises lease TTLs below its minimum (about {F(ChaosPlanConstants.EtcdMinimumTtl)} with default timings), so {F(ttl)} will behave as {F(ChaosPlanConstants.EtcdMinimumTtl)}");
        }
    }

    /// <summary>Warns when the tasks cannot finish inside the run even with every replica busy and no chaos.</summary>
    private void CheckTaskRunTime()
    {
        var tasks = Workload.Tasks;
        if (!tasks.Enabled || !context.Sound("workload.tasks", "workload.duration", "target.replicas"))
        {
            return;
        }

        var parallel = Math.Max(1, Math.Min(Target.Replicas, tasks.Count));
        var rounds = (tasks.Count + parallel - 1) / parallel;
        var seconds = tasks.StepDuration.TotalSeconds * rounds * tasks.Steps;
        if (seconds > Workload.Duration.TotalSeconds)
        {
            var work = seconds > ChaosPlanConstants.MaxDuration.TotalSeconds ? $"more than {F(ChaosPlanConstants.MaxDuration)}" : F(TimeSpan.FromSeconds(seconds));
            context.Warning("workload.duration", PlanDiagnosticCodes.WorkloadLongerThanRun, $"workload.duration: the tasks need at least {work} ({tasks.Count} tasks × {tasks.Steps} steps × {F(tasks.StepDuration)} on {Target.Replicas} replicas) but the run stops at {F(Workload.Duration)}: tasks will not complete and resumption is judged on unfinished tasks");
        }
    }
}
