namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// Typed access to one mapping of the plan. Construction reports unknown fields; each accessor reports a missing,
/// mistyped or out-of-range value (and marks its path failed) and returns null, so binding goes on and every error
/// in the file is found in one pass.
/// </summary>
internal sealed partial class SectionReader
{
    private readonly PlanContext context;
    private readonly Dictionary<string, PlanMappingEntry> entries;
    private readonly HashSet<string> suggested = new(StringComparer.Ordinal);

    public SectionReader(PlanContext context, PlanMapping mapping, string path, IReadOnlyList<string> fields)
    {
        this.context = context;
        Path = path;
        Mapping = mapping;
        entries = mapping.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var fieldPath = PlanContext.Join(path, entry.Key);
            context.Record(fieldPath, entry.KeyLocation, entry.Value.Start);
            if (!fields.Contains(entry.Key, StringComparer.Ordinal))
            {
                var suggestion = Spelling.Closest(entry.Key, fields);
                if (suggestion is not null)
                {
                    suggested.Add(suggestion);
                }

                var message = suggestion is not null
                    ? $"unknown field '{entry.Key}' in {PlanContext.Describe(path)} (did you mean '{suggestion}'?)"
                    : $"unknown field '{entry.Key}' in {PlanContext.Describe(path)}; expected one of: {string.Join(", ", fields)}";
                context.Diagnostics.Error(entry.KeyLocation, PlanDiagnosticCodes.UnknownField, message);
                context.Fail(fieldPath);
            }
        }
    }

    public string Path { get; }

    public PlanMapping Mapping { get; }

    /// <summary>Reads <paramref name="node"/> as a mapping with <paramref name="fields"/>; reports anything else.</summary>
    public static SectionReader? Open(PlanContext context, PlanNode? node, string path, IReadOnlyList<string> fields, string expected)
    {
        switch (node)
        {
            case null:
                return null;
            case PlanMapping mapping:
                return new SectionReader(context, mapping, path, fields);
            case PlanScalar { Invalid: true }:
                context.Fail(path);
                return null;
            default:
                context.Error(path, PlanDiagnosticCodes.WrongType, $"{PlanContext.Describe(path)}: expected {expected}, found {node.Describe()}");
                return null;
        }
    }

    public string Sub(string field) => PlanContext.Join(Path, field);

    public bool Has(string field) => entries.ContainsKey(field);

    public PlanNode? Node(string field) => entries.TryGetValue(field, out var entry) ? entry.Value : null;

    public IEnumerable<string> WrittenFields => Mapping.Entries.Select(e => e.Key);

    /// <summary>True when an unknown field of this mapping was reported as a misspelling of <paramref name="field"/>.</summary>
    public bool WasSuggested(string field) => suggested.Contains(field);

    /// <summary>
    /// Reports a missing required field at the section's own key, unless a misspelling of it was already reported
    /// ("unknown field 'duraton' (did you mean 'duration'?)" says it all).
    /// </summary>
    public void Missing(string field, string hint)
    {
        if (WasSuggested(field))
        {
            context.Fail(Sub(field));
            return;
        }

        var where = Path.Length == 0 ? "the plan" : Path;
        context.Diagnostics.Error(context.Locate(Path, atKey: true), PlanDiagnosticCodes.MissingField, $"{where} is missing required field '{field}'{(hint.Length > 0 ? $": {hint}" : string.Empty)}");
        context.Fail(Sub(field));
    }

    public SectionReader? Section(string field, IReadOnlyList<string> fields, bool required = false, string hint = "")
    {
        var node = Required(field, required, hint);
        return Open(context, node, Sub(field), fields, "a mapping");
    }

    public PlanSequence? Sequence(string field, bool required = false, string hint = "")
    {
        var node = Required(field, required, hint);
        switch (node)
        {
            case null:
                return null;
            case PlanSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    context.Record(PlanContext.Index(Sub(field), i), sequence.Items[i].Start, sequence.Items[i].Start);
                }

                return sequence;
            default:
                Report(field, PlanDiagnosticCodes.WrongType, $"expected a list, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>Reports <paramref name="message"/> at the field's value and marks it failed.</summary>
    public void Report(string field, string code, string message) => context.Error(Sub(field), code, $"{Sub(field)}: {message}");

    private T? Report<T>(string field, string code, string message)
        where T : struct
    {
        Report(field, code, message);
        return null;
    }

    private PlanNode? Required(string field, bool required, string hint)
    {
        var node = Node(field);
        if (node is null && required)
        {
            Missing(field, hint);
        }

        if (node is PlanScalar { Invalid: true })
        {
            context.Fail(Sub(field));
            return null;
        }

        // A field already reported (e.g. as not applicable to its action) is not read again: one error per field.
        return node is not null && !context.Sound(Sub(field)) ? null : node;
    }
}
