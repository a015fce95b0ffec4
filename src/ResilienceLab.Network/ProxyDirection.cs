namespace ResilienceLab.Network;

/// <summary>Which way bytes travel through a <see cref="FaultProxy"/>.</summary>
[Flags]
public enum ProxyDirection
{
    /// <summary>Neither direction.</summary>
    None = 0,

    /// <summary>From the client (the worker) to the upstream (the etcd member): requests.</summary>
    ToUpstream = 1,

    /// <summary>From the upstream back to the client: responses, watch events, keep-alive replies.</summary>
    ToClient = 2,

    /// <summary>Both directions: a round trip pays the delay twice.</summary>
    Both = ToUpstream | ToClient,
}
