using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A field whose value is a mapping of <see cref="Section"/>'s fields.</summary>
internal sealed class SectionField(string name, string description, SectionShape section) : FieldShape(name, description)
{
    public SectionShape Section { get; } = section;

    /// <summary>Also accepts <c>true</c>/<c>false</c> (<c>start: true</c>, <c>agent: true</c>): the binder reads that form itself.</summary>
    public bool OrBoolean { get; init; }

    public SectionReader? Open(SectionReader parent) => parent.Section(Name, Section.FieldNames, Required, Hint);

    public override void Check(SectionReader section) => _ = Open(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) => OrBoolean
        ? new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "boolean" }, definitions.Ref(Section)) }
        : definitions.Ref(Section);
}
