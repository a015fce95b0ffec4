namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>How often one kind of store call was made and the time its calls took (wall, each call end to end).</summary>
internal sealed record CallTally(string Call, long Count, TimeSpan Total)
{
    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Total / Count;
}
