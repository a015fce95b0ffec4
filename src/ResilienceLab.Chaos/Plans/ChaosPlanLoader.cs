using System.Text;
using ResilienceLab.Chaos.Plans.Loading;
using ResilienceLab.History.Files;

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// Loads and validates chaos plans. Every problem in a file is reported at once, as <see cref="PlanDiagnostic"/>s
/// naming file:line:col, what was found and what was expected; the loader never throws for a bad plan or file.
/// </summary>
public static class ChaosPlanLoader
{
    /// <summary>Reads and validates the plan in <paramref name="path"/>; diagnostics name the path as given.</summary>
    public static PlanLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return Unreadable(path, "does not exist");
            }

            // A FIFO would block the open until a writer comes; a device would be read forever.
            if (FileKind.DescribeIfNotRegular(path) is { } kind)
            {
                return Unreadable(path, $"is {kind}, not a regular file");
            }

            if (BoundedFile.ReadAllText(path, ChaosPlanConstants.MaxFileBytes) is not { } read)
            {
                return Unreadable(path, $"is larger than the {ChaosPlanConstants.MaxFileBytes} bytes a plan may have");
            }

            text = read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException or ArgumentException or NotSupportedException)
        {
            return Unreadable(path, e is DecoderFallbackException ? "is not UTF-8 text" : $"cannot be read: {e.Message}");
        }

        return LoadText(text, path);
    }

    /// <summary>Validates the plan in <paramref name="text"/>; <paramref name="fileName"/> names it in diagnostics.</summary>
    public static PlanLoadResult LoadText(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var diagnostics = new DiagnosticBag(fileName);
        if (text.Length > ChaosPlanConstants.MaxFileBytes)
        {
            diagnostics.Error(PlanLocation.Start, PlanDiagnosticCodes.FileUnreadable, $"the plan has {text.Length} characters; a plan may have at most {ChaosPlanConstants.MaxFileBytes}");
            return new PlanLoadResult { Diagnostics = diagnostics.ToSortedList() };
        }

        ChaosPlan? plan = null;
        var root = PlanYamlReader.Read(text, diagnostics);
        if (root is not null)
        {
            var context = new PlanContext(diagnostics);
            plan = new PlanBinder(context).Bind(root);
            if (plan is not null)
            {
                new PlanValidator(context, plan).Validate();
            }
        }

        return new PlanLoadResult
        {
            Plan = diagnostics.HasErrors ? null : plan,
            Diagnostics = diagnostics.ToSortedList(),
        };
    }

    private static PlanLoadResult Unreadable(string path, string why)
    {
        var diagnostics = new DiagnosticBag(path);
        diagnostics.Error(PlanLocation.Start, PlanDiagnosticCodes.FileUnreadable, $"the plan file {why}");
        return new PlanLoadResult { Diagnostics = diagnostics.ToSortedList() };
    }
}
