namespace ResilienceLab.Chaos.Plans;

/// <summary>A store the run owns: it starts (or simulates) <see cref="Members"/> members, and may kill them.</summary>
/// <param name="Members">1, 3 or 5; members are named etcd-0 … etcd-(n-1).</param>
public sealed record StoreStartSpec(int Members)
{
    /// <summary>The names of the members, etcd-0 … etcd-(n-1), as member selectors name them.</summary>
    public IReadOnlyList<string> MemberNames =>
        [.. Enumerable.Range(0, Members).Select(i => ChaosPlanConstants.MemberNamePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
