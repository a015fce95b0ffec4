using ResilienceLab.History;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// The heap cap <c>reslab check</c> runs under, set at run time for this command only. reslab runs with background GC
/// off (chosen for <c>simulate</c>, see the project file); without memory pressure the workstation GC then lets garbage
/// build up far past the live data: checking 1,000,000 lines (~140 MB of live entries) peaked at ~420 MB RSS. Under a
/// hard heap limit it collects as the heap nears the limit instead (docs/benchmarks.md §7). The limit goes through
/// <c>AppContext.SetData("GCHeapHardLimit")</c> and <see cref="GC.RefreshMemoryLimit"/>, so <c>simulate</c> and
/// <c>run</c> keep the GC they were measured with. A history whose live data does not fit under the cap is checked
/// again without it (<see cref="Lift"/>): the cap may cost time, never a verdict.
/// </summary>
internal sealed class CheckHeapCap
{
    private const string HardLimit = "GCHeapHardLimit";

    // 240 MB of heap kept the 1,000,000-line check at 287 MB RSS; 200 MB ran out in the linearizability check.
    private const long FloorBytes = 240L << 20;

    // Live entries take ~0.9 bytes per byte of JSON Lines: a bigger history gets room in proportion.
    private const double BytesPerInputByte = 1.5;

    private readonly ulong _uncapped;

    private CheckHeapCap(ulong limit, ulong uncapped)
    {
        Limit = limit;
        _uncapped = uncapped;
    }

    /// <summary>The cap in bytes, or 0 once lifted.</summary>
    public ulong Limit { get; private set; }

    /// <summary>Caps the heap for a check of <paramref name="paths"/> (their *.jsonl bytes decide how much room it gets).</summary>
    public static CheckHeapCap Apply(IEnumerable<string> paths)
    {
        var uncapped = (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var limit = (ulong)Math.Max(FloorBytes, (long)(InputBytes(paths) * BytesPerInputByte));
        if (limit >= uncapped)
        {
            return new CheckHeapCap(0, uncapped);
        }

        var cap = new CheckHeapCap(limit, uncapped);
        return cap.Set(limit) ? cap : new CheckHeapCap(0, uncapped);
    }

    /// <summary>Removes the cap (back to the machine's memory); false when the runtime refused.</summary>
    public bool Lift()
    {
        Limit = 0;
        var lifted = Set(_uncapped);
        GC.Collect();
        return lifted;
    }

    private bool Set(ulong limit)
    {
        AppContext.SetData(HardLimit, limit);
        try
        {
            GC.RefreshMemoryLimit();
            return true;
        }
        catch (InvalidOperationException)
        {
            // The runtime refuses a limit below what the heap already commits; the check then runs as before.
            return false;
        }
    }

    private static long InputBytes(IEnumerable<string> paths)
    {
        long total = 0;
        foreach (var path in paths)
        {
            try
            {
                total += Directory.Exists(path)
                    ? new DirectoryInfo(path).EnumerateFiles(HistoryReader.FilePattern, SearchOption.TopDirectoryOnly).Sum(f => f.Length)
                    : new FileInfo(path).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The reader reports an unreadable path; the cap only needs an estimate.
            }
        }

        return total;
    }
}
