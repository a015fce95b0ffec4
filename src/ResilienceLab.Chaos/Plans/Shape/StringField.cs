using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// A string field; <see cref="Format"/> names a shared value shape (a plan name), <see cref="Pattern"/> and
/// <see cref="MinLength"/> tell editors what the loader's own check of the text accepts.
/// </summary>
internal sealed class StringField(string name, string description) : FieldShape(name, description)
{
    public ValueDefinition? Format { get; init; }

    /// <summary>The one value accepted (<c>apiVersion</c>, <c>kind</c>); the loader's own check says what it reads.</summary>
    public string? Const { get; init; }

    public string? Pattern { get; init; }

    /// <summary>A pattern the value must not match (a <c>kube-*</c> namespace).</summary>
    public string? ForbiddenPattern { get; init; }

    public int? MinLength { get; init; }

    /// <summary>Shown as deprecated by editors (accepted with a warning).</summary>
    public bool Deprecated { get; init; }

    public string? Read(SectionReader section) => section.String(Name, Required, Hint);

    public override void Check(SectionReader section) => _ = Read(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions)
    {
        if (Format is not null)
        {
            return definitions.Ref(Format);
        }

        if (Const is not null)
        {
            return new JsonObject { ["const"] = Const };
        }

        var schema = new JsonObject { ["type"] = "string" };
        if (MinLength is { } length)
        {
            schema["minLength"] = length;
        }

        if (Pattern is not null)
        {
            schema["pattern"] = Pattern;
        }

        if (ForbiddenPattern is not null)
        {
            schema["not"] = new JsonObject { ["pattern"] = ForbiddenPattern };
        }

        if (Deprecated)
        {
            schema["deprecated"] = true;
        }

        return schema;
    }
}
