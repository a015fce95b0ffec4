namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// State shared by the binder and the validator: the diagnostics, where every field was written (by path such as
/// <c>schedule[2].selector.mode</c>), and which paths failed to bind so that later rules do not pile errors on them.
/// </summary>
internal sealed class PlanContext(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, PlanLocation> keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanLocation> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> failed = new(StringComparer.Ordinal);

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public string File => Diagnostics.File;

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public void Record(string path, PlanLocation keyLocation, PlanLocation valueLocation)
    {
        keys.TryAdd(path, keyLocation);
        values.TryAdd(path, valueLocation);
    }

    /// <summary>True when the plan wrote <paramref name="path"/>.</summary>
    public bool Written(string path) => values.ContainsKey(path);

    public void Fail(string path) => failed.Add(path);

    /// <summary>True when none of <paramref name="paths"/> (nor any parent of them) failed to bind.</summary>
    public bool Sound(params ReadOnlySpan<string> paths)
    {
        foreach (var path in paths)
        {
            for (var p = path; p.Length > 0; p = Parent(p))
            {
                if (failed.Contains(p))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Where to point for <paramref name="path"/>: its value (or key), else the nearest written parent.</summary>
    public PlanLocation Locate(string path, bool atKey = false)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if ((atKey ? keys : values).TryGetValue(p, out var at) || keys.TryGetValue(p, out at))
            {
                return at;
            }
        }

        return PlanLocation.Start;
    }

    public void Error(string path, string code, string message, bool atKey = false)
    {
        Diagnostics.Error(Locate(path, atKey), code, message);
        Fail(path);
    }

    public void Warning(string path, string code, string message, bool atKey = false) =>
        Diagnostics.Warning(Locate(path, atKey), code, message);

    /// <summary>How messages name a path: the root is "the plan".</summary>
    public static string Describe(string path) => path.Length == 0 ? "the plan" : path;

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
