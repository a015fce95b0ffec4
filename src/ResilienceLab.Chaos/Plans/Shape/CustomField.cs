using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// A field the binder reads with its own code (label maps, environment maps, the etcd member): the declaration gives
/// its name, meaning and the schema editors check it with.
/// </summary>
/// <remarks>Its optional check reads the value for its errors alone (see <see cref="FieldShape.Check"/>); without one the section's binder always reads it.</remarks>
internal sealed class CustomField(string name, string description, Func<SchemaDefinitions, JsonObject> schema, Action<SectionReader>? check = null) : FieldShape(name, description)
{
    public override void Check(SectionReader section) => check?.Invoke(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) => schema(definitions);
}
