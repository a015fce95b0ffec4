namespace ResilienceLab.Hosting;

/// <summary>
/// A least-privilege etcd user <see cref="EtcdCluster.EnableAuthAsync"/> creates: a role of the same name with
/// read/write on each of <see cref="ReadWritePrefixes"/> and nothing else.
/// </summary>
/// <param name="Name">The user (and its role).</param>
/// <param name="Password">Its password.</param>
/// <param name="ReadWritePrefixes">Key prefixes the role may read and write, e.g. <c>/reslab/</c>.</param>
public sealed record EtcdAuthUser(string Name, string Password, IReadOnlyList<string> ReadWritePrefixes)
{
    /// <summary>The name and prefixes; never the password.</summary>
    public override string ToString() => $"{Name} (readwrite {string.Join(", ", ReadWritePrefixes)})";
}
