using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions.EtcdMember;

/// <summary>The arguments of <c>kill-etcd-member</c> and <c>restart-etcd-member</c>: which member.</summary>
public sealed record EtcdMemberArguments : ChaosActionArguments
{
    internal static readonly CustomField MemberField = new(
        "member",
        "Etcd member actions: leader, follower or a member name (etcd-0 ...).",
        _ => new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["enum"] = Presence.Strings([PlanNames.Of(EtcdMemberRole.Leader), PlanNames.Of(EtcdMemberRole.Follower)]) },
                new JsonObject { ["type"] = "string", ["pattern"] = $"^{ChaosPlanConstants.MemberNamePrefix}[0-9]+$" }),
        },
        section => section.String("member"))
    {
        Hint = "which etcd member: leader, follower or a name such as etcd-0",
    };

    public EtcdMemberArguments()
    {
    }

    private EtcdMemberArguments(ChaosActionArguments common)
        : base(common)
    {
    }

    /// <summary>The member the step hits; null for restart = every stopped member.</summary>
    public EtcdMemberSelector? Member { get; init; }

    /// <summary>kill-etcd-member: a member is required; with a duration it is restarted after it.</summary>
    internal static ActionArgumentsShape KillShape { get; } = new([new(MemberField, Required: true), new(CommonArguments.Duration)], Bind);

    /// <summary>restart-etcd-member: a named member, or every member the run stopped.</summary>
    internal static ActionArgumentsShape RestartShape { get; } = new([new(MemberField)], Bind);

    private static EtcdMemberArguments Bind(ArgumentReader reader, ChaosActionArguments common) => new(common)
    {
        Member = reader.Step.String(MemberField.Name) switch
        {
            null => null,
            var name when PlanNames.TryParse(name, out EtcdMemberRole role) && role != EtcdMemberRole.Named => new EtcdMemberSelector(role),
            var name => new EtcdMemberSelector(EtcdMemberRole.Named, name),
        },
    };
}
