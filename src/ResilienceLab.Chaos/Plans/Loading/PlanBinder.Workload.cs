using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private WorkloadSpec BindWorkload(SectionReader plan)
    {
        var section = PlanShape.Workload.Open(plan);
        if (section is null)
        {
            return new WorkloadSpec { Duration = TimeSpan.FromMinutes(1) };
        }

        var duration = WorkloadShape.Duration.Read(section);
        return new WorkloadSpec
        {
            Duration = duration ?? TimeSpan.FromMinutes(1),
            Service = WorkloadShape.Service.Read(section) ?? WorkloadService.Reference,
            Tasks = BindTasks(section),
            Election = BindElection(section),
            Counter = BindCounter(section),
        };
    }

    private static TaskWorkloadSpec BindTasks(SectionReader workload)
    {
        var section = WorkloadShape.Tasks.Open(workload);
        if (section is null)
        {
            return TaskWorkloadSpec.None;
        }

        return new TaskWorkloadSpec
        {
            Count = TasksShape.Count.Read(section) ?? 1,
            Steps = TasksShape.Steps.Read(section) ?? ChaosPlanConstants.DefaultTaskSteps,
            StepDuration = TasksShape.StepDuration.Read(section) ?? ChaosPlanConstants.DefaultStepDuration,
            LockTtl = TasksShape.LockTtl.Read(section) ?? ChaosPlanConstants.DefaultLockTtl,
        };
    }

    private static ElectionWorkloadSpec BindElection(SectionReader workload)
    {
        var section = WorkloadShape.Election.Open(workload);
        if (section is null)
        {
            return ElectionWorkloadSpec.Disabled;
        }

        var ttl = ElectionShape.Ttl.Read(section) ?? ChaosPlanConstants.DefaultElectionTtl;
        return new ElectionWorkloadSpec
        {
            Enabled = ElectionShape.Enabled.Read(section) ?? true,
            Ttl = ttl,
            HeartbeatInterval = ElectionShape.HeartbeatInterval.Read(section) ?? ttl / 3,
        };
    }

    private static CounterWorkloadSpec BindCounter(SectionReader workload)
    {
        var section = WorkloadShape.Counter.Open(workload);
        if (section is null)
        {
            return CounterWorkloadSpec.Disabled;
        }

        return new CounterWorkloadSpec
        {
            Enabled = CounterShape.Enabled.Read(section) ?? true,
            Increments = CounterShape.Increments.Read(section) ?? ChaosPlanConstants.DefaultIncrements,
            Mode = CounterShape.Mode.Read(section) ?? CounterMode.Cas,
            ReadWriteGap = CounterShape.ReadWriteGap.Read(section) ?? TimeSpan.Zero,
            Interval = CounterShape.Interval.Read(section) ?? ChaosPlanConstants.DefaultCounterInterval,
        };
    }
}
