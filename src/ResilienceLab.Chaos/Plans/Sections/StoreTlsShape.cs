using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>store.tls</c>: client TLS for an etcd on https:// endpoints.</summary>
internal static class StoreTlsShape
{
    public static readonly StringField Ca = new("ca", "The CA of etcd's server certificate (etcdctl --cacert).");

    public static readonly StringField Cert = new("cert", "The client certificate (etcd --client-cert-auth); needs key.");

    public static readonly StringField Key = new("key", "The client certificate's private key.");

    public static readonly StringField ServerName = new("serverName", "The name etcd's certificate is issued to, when not the endpoints' host.");

    public static readonly SectionShape Section = new("storeTls", "PEM files for an etcd on https:// endpoints (paths relative to the plan's directory or absolute).", [Ca, Cert, Key, ServerName])
    {
        Always = new Presence { Needs = new Dictionary<string, string[]> { ["cert"] = ["key"], ["key"] = ["cert"] } },
    };
}
