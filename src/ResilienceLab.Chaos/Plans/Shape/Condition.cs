using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// "When <see cref="Field"/> is one of <see cref="Values"/> (or, <see cref="Negated"/>, is not), <see cref="Then"/>;
/// otherwise <see cref="Else"/>": a JSON Schema if/then/else over a section's fields.
/// </summary>
internal sealed record Condition(string Field, IReadOnlyList<string> Values, Presence Then)
{
    public Presence? Else { get; init; }

    /// <summary>The branch applies when the field is <em>not</em> one of the values (or is left out).</summary>
    public bool Negated { get; init; }

    public JsonObject ToSchema()
    {
        JsonObject value = Values.Count == 1 ? new JsonObject { ["const"] = Values[0] } : new JsonObject { ["enum"] = Presence.Strings(Values) };
        var test = Negated
            ? new JsonObject { ["properties"] = new JsonObject { [Field] = new JsonObject { ["not"] = value } } }
            : new JsonObject { ["properties"] = new JsonObject { [Field] = value }, ["required"] = Presence.Strings([Field]) };
        var then = new JsonObject();
        Then.WriteTo(then);
        var schema = new JsonObject { ["if"] = test, ["then"] = then };
        if (Else is not null)
        {
            var otherwise = new JsonObject();
            Else.WriteTo(otherwise);
            schema["else"] = otherwise;
        }

        return schema;
    }
}
