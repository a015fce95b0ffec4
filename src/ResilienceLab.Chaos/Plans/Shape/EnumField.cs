using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A field whose value is one of <typeparamref name="T"/>'s YAML names (<see cref="PlanNames"/>).</summary>
/// <remarks>Its <see cref="What"/> is how errors call the value: "unknown target kind 'x'".</remarks>
internal sealed class EnumField<T>(string name, string what, string description) : FieldShape(name, description)
    where T : struct, Enum
{
    public string What { get; } = what;

    /// <summary>A definition under <c>$defs</c> that lists the names, when another value refers to them too.</summary>
    public ValueDefinition? Definition { get; init; }

    public T? Read(SectionReader section) => section.Enum<T>(Name, What, Required, Hint);

    /// <summary>The enum's schema: <c>{"enum": [names]}</c>.</summary>
    public static JsonObject Names() => new() { ["enum"] = new JsonArray([.. PlanNames.All<T>().Select(n => (JsonNode)n)]) };

    public override void Check(SectionReader section) => _ = Read(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) => Definition is null ? Names() : definitions.Ref(Definition);
}
