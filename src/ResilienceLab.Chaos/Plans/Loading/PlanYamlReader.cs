using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// Turns YAML text into a <see cref="PlanNode"/> tree through YamlDotNet's event parser, so every node keeps its
/// line and column. Syntax errors, unknown aliases, duplicate keys and extra documents become diagnostics; nothing
/// thrown by the parser escapes.
/// </summary>
internal sealed class PlanYamlReader
{
    /// <summary>More nodes than any plan needs; a document past this is an alias bomb or not a plan.</summary>
    internal const long MaxNodes = 200_000;

    /// <summary>Deeper than any plan nests (a plan needs ~6 levels); reading deeper recursion would overflow the stack.</summary>
    internal const int MaxDepth = 64;

    private readonly Parser parser;
    private readonly DiagnosticBag diagnostics;
    private readonly Dictionary<string, PlanNode> anchors = new(StringComparer.Ordinal);

    /// <summary>Flow collections ('[' or '{') not closed yet: an unclosed one is where a truncated document went wrong.</summary>
    private readonly Stack<(PlanLocation At, char Opener)> openFlows = new();

    /// <summary>How many sequences and mappings enclose the node being read.</summary>
    private int depth;

    private PlanYamlReader(Parser parser, DiagnosticBag diagnostics)
    {
        this.parser = parser;
        this.diagnostics = diagnostics;
    }

    /// <summary>The document's root node, or null when the text is not one well-formed YAML document.</summary>
    public static PlanNode? Read(string text, DiagnosticBag diagnostics)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var reader = new PlanYamlReader(new Parser(scanner), diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            // For a tab the scanner's position is the tab itself; the exception's start is the scalar before it.
            var at = e.Message.Contains("tab character", StringComparison.Ordinal) ? ToLocation(scanner.CurrentPosition) : ToLocation(e.Start);
            diagnostics.Error(at, PlanDiagnosticCodes.YamlSyntax, $"YAML syntax error: {Reword(e.Message)}");
        }
        catch (Exception)
        {
            // YamlDotNet throws InvalidOperationException for some unclosed flow collections: point at the opener.
            var message = reader.openFlows.TryPeek(out var open)
                ? $"YAML syntax error: the '{open.Opener}' opened here is never closed (expected '{(open.Opener == '{' ? '}' : ']')}')"
                : "YAML syntax error: the document ends inside a structure (an unclosed '[', '{' or quote?)";
            diagnostics.Error(open.Opener != default ? open.At : ToLocation(scanner.CurrentPosition), PlanDiagnosticCodes.YamlSyntax, message);
        }

        return null;
    }

    internal static PlanLocation ToLocation(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    private static string Reword(string message)
    {
        var text = message.TrimEnd('.');
        text = text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
        if (text.Contains("invalid mapping", StringComparison.Ordinal) || text.Contains("did not find expected key", StringComparison.Ordinal))
        {
            text += " (check the indentation; quote a value that contains ': ')";
        }
        else if (text.Contains("tab character", StringComparison.Ordinal))
        {
            text += " (indent with spaces, not tabs)";
        }

        return text;
    }

    private PlanNode? ReadStream()
    {
        Next(); // StreamStart
        Next();
        if (parser.Current is StreamEnd)
        {
            diagnostics.Error(PlanLocation.Start, PlanDiagnosticCodes.WrongType, "the file is empty; expected a ChaosPlan mapping (apiVersion, kind, metadata, target, store, workload)");
            return null;
        }

        Next(); // DocumentStart
        var root = ReadNode();
        Next(); // DocumentEnd
        if (parser.Current is DocumentStart second)
        {
            diagnostics.Error(ToLocation(second.Start), PlanDiagnosticCodes.YamlSyntax, "a plan file holds one YAML document; found a second one ('---'): put each plan in its own file");
            return null;
        }

        if (root.Size > MaxNodes)
        {
            diagnostics.Error(root.Start, PlanDiagnosticCodes.YamlSyntax, $"the document expands to {root.Size} nodes (aliases included), more than the {MaxNodes} a plan may have");
            return null;
        }

        return root;
    }

    private void Next()
    {
        if (!parser.MoveNext())
        {
            throw new YamlException(parser.Current?.End ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "Unexpected end of the document.");
        }
    }

    private PlanNode ReadNode()
    {
        var current = parser.Current ?? throw new YamlException("Unexpected end of the document.");
        if (current is SequenceStart or MappingStart && depth >= MaxDepth)
        {
            // A YamlException is reported as a diagnostic at its start; the recursion stops here, well above the stack's limit.
            throw new YamlException(current.Start, current.End, $"The document nests deeper than {MaxDepth} levels; a plan needs far fewer.");
        }

        PlanNode node;
        switch (current)
        {
            case Scalar scalar:
                node = new PlanScalar(ToLocation(scalar.Start), scalar.Value, PlanScalar.Classify(scalar.Value, scalar.Style == ScalarStyle.Plain, scalar.Tag.IsEmpty ? null : scalar.Tag.Value));
                Next();
                break;
            case AnchorAlias alias:
                node = Resolve(alias);
                Next();
                return node;
            case SequenceStart:
                depth++;
                node = ReadSequence();
                depth--;
                break;
            case MappingStart:
                depth++;
                node = ReadMapping();
                depth--;
                break;
            default:
                throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name}.");
        }

        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = node;
        }

        return node;
    }

    private PlanNode Resolve(AnchorAlias alias)
    {
        if (anchors.TryGetValue(alias.Value.Value, out var target))
        {
            if (target.Size > MaxNodes)
            {
                throw new YamlException(alias.Start, alias.End, $"The alias *{alias.Value.Value} expands past {MaxNodes} nodes.");
            }

            return target;
        }

        var at = ToLocation(alias.Start);
        diagnostics.Error(at, PlanDiagnosticCodes.YamlSyntax, $"unknown alias '*{alias.Value.Value}': no '&{alias.Value.Value}' anchor is defined before it");
        return new PlanScalar(at, string.Empty, ScalarKind.Null) { Invalid = true };
    }

    private PlanSequence ReadSequence()
    {
        var start = ToLocation(parser.Current!.Start);
        var flow = parser.Current is SequenceStart { Style: SequenceStyle.Flow };
        if (flow)
        {
            openFlows.Push((start, '['));
        }

        Next();
        var items = new List<PlanNode>();
        long size = 0;
        while (parser.Current is not SequenceEnd)
        {
            var item = ReadNode();
            size += item.Size;
            GuardSize(size, item.Start);
            items.Add(item);
        }

        if (flow)
        {
            openFlows.Pop();
        }

        Next();
        return new PlanSequence(start, items);
    }

    private PlanMapping ReadMapping()
    {
        var start = ToLocation(parser.Current!.Start);
        var flow = parser.Current is MappingStart { Style: MappingStyle.Flow };
        if (flow)
        {
            openFlows.Push((start, '{'));
        }

        Next();
        var entries = new List<PlanMappingEntry>();
        var firstSeen = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        long size = 0;
        while (parser.Current is not MappingEnd)
        {
            var key = ReadNode();
            var value = ReadNode();
            size += 1 + value.Size;
            GuardSize(size, value.Start);
            if (key is not PlanScalar { Invalid: false } scalarKey)
            {
                if (key is not PlanScalar)
                {
                    diagnostics.Error(key.Start, PlanDiagnosticCodes.WrongType, $"a key must be a plain name, found {key.Describe()}");
                }

                continue;
            }

            if (firstSeen.TryGetValue(scalarKey.Value, out var first))
            {
                diagnostics.Error(scalarKey.Start, PlanDiagnosticCodes.Duplicate, $"duplicate key '{scalarKey.Value}' (first written at {first}); a key may appear once in a mapping");
                continue;
            }

            firstSeen[scalarKey.Value] = scalarKey.Start;
            entries.Add(new PlanMappingEntry(scalarKey.Value, scalarKey.Start, value));
        }

        if (flow)
        {
            openFlows.Pop();
        }

        Next();
        return new PlanMapping(start, entries);
    }

    private static void GuardSize(long size, PlanLocation at)
    {
        if (size > MaxNodes)
        {
            throw new YamlException(new Mark(0, at.Line, at.Column), new Mark(0, at.Line, at.Column), $"The document expands past {MaxNodes} nodes (aliases included).");
        }
    }
}
