namespace ResilienceLab.Network.Tests.Support;

/// <summary>A test that needs the <c>etcd</c> and <c>etcdctl</c> binaries; skipped (with the install command) when they are missing.</summary>
public sealed class EtcdFactAttribute : FactAttribute
{
    public EtcdFactAttribute()
    {
        if (ExternalTools.Find("etcd") is null || ExternalTools.Find("etcdctl") is null)
        {
            Skip = "etcd/etcdctl not on PATH: sudo apt-get install -y etcd-server etcd-client (CI installs them).";
        }
    }
}
