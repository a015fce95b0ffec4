using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A <c>true</c>/<c>false</c> field.</summary>
internal sealed class BoolField(string name, string description) : FieldShape(name, description)
{
    public bool? Read(SectionReader section) => section.Bool(Name);

    public override void Check(SectionReader section) => _ = Read(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) => new() { ["type"] = "boolean" };
}
