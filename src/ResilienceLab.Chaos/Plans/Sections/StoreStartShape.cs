using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>store.start</c> in its mapping form: the store the run starts itself.</summary>
internal static class StoreStartShape
{
    public static readonly IntegerField Members = new("members", "Members named etcd-0 ... etcd-(n-1).", 1, 9)
    {
        Allowed = ChaosPlanConstants.AllowedMemberCounts,
        Default = 1,
    };

    public static readonly SectionShape Section = new("storeStart", string.Empty, [Members]);
}
