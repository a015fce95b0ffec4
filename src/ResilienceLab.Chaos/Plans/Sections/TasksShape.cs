using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>workload.tasks</c>: lock-protected tasks with fenced checkpoints.</summary>
internal static class TasksShape
{
    public static readonly IntegerField Count = new("count", string.Empty, 0, ChaosPlanConstants.MaxTasks)
    {
        Required = true,
        Hint = "how many lock-protected tasks, e.g. count: 3",
    };

    public static readonly IntegerField Steps = new("steps", string.Empty, 1, ChaosPlanConstants.MaxSteps) { Default = ChaosPlanConstants.DefaultTaskSteps };

    public static readonly DurationField StepDuration = new("stepDuration", "How long one step's work takes.") { Max = WorkloadShape.MaxTtl, Default = "500ms" };

    public static readonly DurationField LockTtl = new("lockTtl", "TTL of each task lock's lease (whole seconds on etcd).") { Max = WorkloadShape.MaxTtl, Default = "5s" };

    public static readonly SectionShape Section = new("tasks", "Lock-protected tasks with fenced checkpoints (task ids 0 ... count-1).", [Count, Steps, StepDuration, LockTtl]);
}
