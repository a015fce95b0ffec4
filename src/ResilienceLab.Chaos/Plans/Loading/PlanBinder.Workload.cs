namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    private WorkloadSpec BindWorkload(SectionReader plan)
    {
        var section = plan.Section("workload", PlanFields.Workload, required: true, hint: "what the replicas do, e.g. workload: {duration: 60s, tasks: {count: 3}}");
        if (section is null)
        {
            return new WorkloadSpec { Duration = TimeSpan.FromMinutes(1) };
        }

        var duration = section.Duration("duration", required: true, hint: "the longest the run may last, e.g. duration: 60s");
        return new WorkloadSpec
        {
            Duration = duration ?? TimeSpan.FromMinutes(1),
            Service = section.Enum<WorkloadService>("service", "workload service") ?? WorkloadService.Reference,
            Tasks = BindTasks(section),
            Election = BindElection(section),
            Counter = BindCounter(section),
        };
    }

    private static TaskWorkloadSpec BindTasks(SectionReader workload)
    {
        var section = workload.Section("tasks", PlanFields.Tasks);
        if (section is null)
        {
            return TaskWorkloadSpec.None;
        }

        return new TaskWorkloadSpec
        {
            Count = section.Int("count", 0, ChaosPlanConstants.MaxTasks, required: true, hint: "how many lock-protected tasks, e.g. count: 3") ?? 1,
            Steps = section.Int("steps", 1, ChaosPlanConstants.MaxSteps) ?? ChaosPlanConstants.DefaultTaskSteps,
            StepDuration = section.Duration("stepDuration", max: MaxTtl) ?? ChaosPlanConstants.DefaultStepDuration,
            LockTtl = section.Duration("lockTtl", max: MaxTtl) ?? ChaosPlanConstants.DefaultLockTtl,
        };
    }

    private static ElectionWorkloadSpec BindElection(SectionReader workload)
    {
        var section = workload.Section("election", PlanFields.Election);
        if (section is null)
        {
            return ElectionWorkloadSpec.Disabled;
        }

        var ttl = section.Duration("ttl", max: MaxTtl) ?? ChaosPlanConstants.DefaultElectionTtl;
        return new ElectionWorkloadSpec
        {
            Enabled = section.Bool("enabled") ?? true,
            Ttl = ttl,
            HeartbeatInterval = section.Duration("heartbeatInterval", max: MaxTtl) ?? ttl / 3,
        };
    }

    private static CounterWorkloadSpec BindCounter(SectionReader workload)
    {
        var section = workload.Section("counter", PlanFields.Counter);
        if (section is null)
        {
            return CounterWorkloadSpec.Disabled;
        }

        return new CounterWorkloadSpec
        {
            Enabled = section.Bool("enabled") ?? true,
            Increments = section.Int("increments", 1, ChaosPlanConstants.MaxSteps) ?? ChaosPlanConstants.DefaultIncrements,
            Mode = section.Enum<CounterMode>("mode", "counter mode") ?? CounterMode.Cas,
            ReadWriteGap = section.Duration("readWriteGap", positive: false, max: TimeSpan.FromMinutes(1)) ?? TimeSpan.Zero,
            Interval = section.Duration("interval", positive: false, max: TimeSpan.FromMinutes(1)) ?? ChaosPlanConstants.DefaultCounterInterval,
        };
    }
}
