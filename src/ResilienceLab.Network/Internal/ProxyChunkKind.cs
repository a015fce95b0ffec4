namespace ResilienceLab.Network.Internal;

/// <summary>What a <see cref="ProxyChunk"/> carries.</summary>
internal enum ProxyChunkKind
{
    /// <summary>Bytes to forward.</summary>
    Data,

    /// <summary>The sender closed its side (FIN): half-close the destination once everything before it is delivered.</summary>
    End,

    /// <summary>The sender's side failed (RST, error): reset the whole connection once everything before it is delivered.</summary>
    Abort,
}
