namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>How the holder goes away in a take-over trial.</summary>
internal enum TakeoverKind
{
    /// <summary>etcdctl lock is SIGKILLed: its lease must expire.</summary>
    Crash,

    /// <summary>etcdctl lock gets SIGINT: it unlocks.</summary>
    GracefulStop,

    /// <summary>A holder in this process releases.</summary>
    Release,
}
