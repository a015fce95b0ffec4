using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>workload.election</c>: replicas campaign for leadership.</summary>
internal static class ElectionShape
{
    public static readonly BoolField Enabled = new("enabled", string.Empty) { Default = true };

    public static readonly DurationField Ttl = new("ttl", "TTL of the campaign lease (whole seconds on etcd).") { Max = WorkloadShape.MaxTtl, Default = "5s" };

    public static readonly DurationField HeartbeatInterval = new("heartbeatInterval", "How often the leader writes its fenced heartbeat; below the ttl (default ttl/3).") { Max = WorkloadShape.MaxTtl };

    public static readonly SectionShape Section = new("election", string.Empty, [Enabled, Ttl, HeartbeatInterval]);
}
