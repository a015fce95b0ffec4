using ResilienceLab.Chaos.Plans.Sections;
using System.Text.RegularExpressions;

namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// Builds the <see cref="ChaosPlan"/> model from the node tree: field names, types, ranges, required fields and the
/// fields each kind or action accepts. A value that fails is reported, replaced by its default and marked failed in
/// the <see cref="PlanContext"/>, so that binding continues and <see cref="PlanValidator"/> skips rules built on it.
/// </summary>
internal sealed partial class PlanBinder(PlanContext context)
{
    private const string NameRule = "use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

    /// <summary>The bound plan (with defaults where values failed), or null when the root is not a mapping.</summary>
    public ChaosPlan? Bind(PlanNode root)
    {
        var plan = SectionReader.Open(context, root, string.Empty, PlanShape.Root.FieldNames, "a ChaosPlan mapping (apiVersion, kind, metadata, target, store, workload)");
        if (plan is null)
        {
            return null;
        }

        BindHeader(plan);
        var metadata = BindMetadata(plan);
        var target = BindTarget(plan);
        var store = BindStore(plan);
        var workload = BindWorkload(plan);
        var schedule = BindSchedule(plan);
        var probes = BindProbes(plan);
        var checks = BindChecks(plan, workload);
        var expect = PlanShape.Expect.Read(plan) ?? PlanExpectation.Pass;

        return new ChaosPlan
        {
            Metadata = metadata,
            Target = target,
            Store = store,
            Workload = workload,
            Schedule = schedule,
            Probes = probes,
            Checks = checks,
            Expect = expect,
            SourceFile = context.File,
        };
    }

    private void BindHeader(SectionReader plan)
    {
        var apiVersion = PlanShape.ApiVersion.Read(plan);
        if (apiVersion is not null && apiVersion != ChaosPlanConstants.ApiVersion)
        {
            plan.Report("apiVersion", PlanDiagnosticCodes.UnsupportedVersion, $"'{apiVersion}' is not supported; this build reads {ChaosPlanConstants.ApiVersion}");
        }

        var kind = PlanShape.Kind.Read(plan);
        if (kind is not null && kind != ChaosPlanConstants.Kind)
        {
            plan.Report("kind", PlanDiagnosticCodes.UnsupportedVersion, $"'{kind}' is not a kind this build reads; expected {ChaosPlanConstants.Kind}");
        }
    }

    private PlanMetadata BindMetadata(SectionReader plan)
    {
        var section = PlanShape.Metadata.Open(plan);
        var name = section is null ? null : MetadataShape.Name.Read(section);
        CheckName(section, "name", name);
        return new PlanMetadata(name ?? "unnamed", section is null ? null : MetadataShape.Description.Read(section));
    }

    /// <summary>Reports a name that is not a lowercase DNS label (reports, JUnit test cases and events use it).</summary>
    private static void CheckName(SectionReader? section, string field, string? name)
    {
        if (section is not null && name is not null && !NamePattern().IsMatch(name))
        {
            section.Report(field, PlanDiagnosticCodes.InvalidFormat, $"'{name}' is not a valid name; {NameRule}");
        }
    }

    /// <summary>Reads each item of a list of mappings; reports items that are not mappings.</summary>
    private List<(SectionReader Item, string Path)> Items(PlanSequence? sequence, string path, IReadOnlyList<string> fields, string expected)
    {
        var items = new List<(SectionReader, string)>();
        for (var i = 0; sequence is not null && i < sequence.Items.Count; i++)
        {
            var itemPath = PlanContext.Index(path, i);
            if (SectionReader.Open(context, sequence.Items[i], itemPath, fields, expected) is { } item)
            {
                items.Add((item, itemPath));
            }
        }

        return items;
    }

    /// <summary>Reports the second and later uses of one name in a list.</summary>
    private void CheckUnique(Dictionary<string, PlanLocation> seen, string name, string path, string what)
    {
        var at = context.Locate(path);
        if (seen.TryGetValue(name, out var first))
        {
            context.Error(path, PlanDiagnosticCodes.Duplicate, $"duplicate {what} '{name}' (first at {first}); names must be unique");
        }
        else
        {
            seen[name] = at;
        }
    }

    [GeneratedRegex(Shape.PlanValues.NamePattern, RegexOptions.CultureInvariant)]
    internal static partial Regex NamePattern();
}
