namespace ResilienceLab.Network.Internal;

/// <summary>What one read produced, queued with the time it may be delivered.</summary>
/// <param name="Buffer">Rented from the shared pool (data chunks only); returned by whoever consumes the chunk.</param>
/// <param name="Count">Valid bytes in <paramref name="Buffer"/>.</param>
/// <param name="Due">When it may be written, on the <see cref="FaultSwitch"/>'s clock.</param>
/// <param name="Kind">Data, the sender's FIN, or the sender's reset.</param>
internal readonly record struct ProxyChunk(byte[]? Buffer, int Count, TimeSpan Due, ProxyChunkKind Kind);
