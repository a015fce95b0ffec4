using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ResilienceLab.Chaos.Actions;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Tests.Plans.Shape;

/// <summary>
/// The JSON Schema is generated from the declarations: the checked-in file is the generated text, and for every action
/// the schema and the loader agree on which fields a step takes and needs.
/// </summary>
public sealed class PlanSchemaWriterTests
{
    /// <summary>Set to 1 to rewrite the checked-in schema from the declarations (docs/chaos-plans.md).</summary>
    private const string WriteVariable = "RESLAB_WRITE_SCHEMA";

    public static TheoryData<ChaosActionKind> Actions() => [.. Enum.GetValues<ChaosActionKind>()];

    [Fact]
    public void Generate_CheckedInSchemaFile_IsTheGeneratedText()
    {
        var generated = PlanSchemaWriter.Generate();
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(RepoPaths.Schema, generated);
        }

        var checkedIn = File.ReadAllText(RepoPaths.Schema);

        Assert.True(
            checkedIn == generated,
            $"{PlanSchemaWriter.RepositoryPath} is not the schema the declarations generate; regenerate it with {WriteVariable}=1 dotnet test tests/ResilienceLab.Chaos.Tests --filter {nameof(Generate_CheckedInSchemaFile_IsTheGeneratedText)} and commit it");
    }

    [Fact]
    public void Generate_Twice_GivesTheSameText()
    {
        Assert.Equal(PlanSchemaWriter.Generate(), PlanSchemaWriter.Generate());
    }

    [Fact]
    public void Generate_IsAValidDraft202012Schema()
    {
        using var document = JsonDocument.Parse(PlanSchemaWriter.Generate());

        var result = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Generate_Enums_AreTheModelsYamlNames()
    {
        var defs = PlanSchemaWriter.Build()["$defs"]!;

        AssertEnum<TargetKind>(defs["target"]!["properties"]!["kind"]!);
        AssertEnum<StoreKind>(defs["store"]!["properties"]!["kind"]!);
        AssertEnum<CounterMode>(defs["counter"]!["properties"]!["mode"]!);
        AssertEnum<ChaosActionKind>(defs["step"]!["properties"]!["action"]!);
        AssertEnum<StoreFaultKind>(defs["step"]!["properties"]!["fault"]!);
        AssertEnum<SelectorMode>(defs["selector"]!["properties"]!["mode"]!);
        AssertEnum<ReplicaRole>(defs["selector"]!["properties"]!["role"]!);
        AssertEnum<ProbeKind>(defs["probe"]!["properties"]!["kind"]!);
        AssertEnum<ProbeMode>(defs["probe"]!["properties"]!["mode"]!);
        AssertEnum<CheckKind>(defs["checkName"]!);
        AssertEnum<PlanExpectation>(PlanSchemaWriter.Build()["properties"]!["expect"]!);
        Assert.Equal(ChaosPlanConstants.AllowedMemberCounts, defs["storeStart"]!["properties"]!["members"]!["enum"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Step_FieldOfAnotherAction_IsRejectedByTheLoaderAndTheSchema(ChaosActionKind kind)
    {
        var registration = ChaosActions.Registration(kind);
        var others = ChaosActions.ArgumentFields.Where(f => !registration.Arguments.Accepts(f.Name)).ToList();

        foreach (var field in others)
        {
            var text = PlanTexts.WithSchedule(Step(registration, registration.Arguments.Required.Select(a => a.Field).Append(field)));

            var errors = PlanTexts.Load(text).Errors;
            var users = string.Join(", ", ChaosActions.UsedBy(field.Name));
            Assert.Contains(errors, e => e.Code == PlanDiagnosticCodes.FieldNotApplicable && e.Message == $"'{field.Name}' does not apply to action '{registration.YamlName}'; it is used by: {users}");
            Assert.NotNull(PlanSchema.Errors(text));
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Step_WithoutARequiredArgument_IsRejectedByTheLoaderAndTheSchema(ChaosActionKind kind)
    {
        var registration = ChaosActions.Registration(kind);

        foreach (var missing in registration.Arguments.Required)
        {
            var text = PlanTexts.WithSchedule(Step(registration, registration.Arguments.Required.Where(a => a != missing).Select(a => a.Field)));

            var errors = PlanTexts.Load(text).Errors;
            Assert.Contains(errors, e => e.Code == PlanDiagnosticCodes.MissingField && e.Message.EndsWith($"'{missing.Field.Name}': {registration.YamlName} needs {missing.Field.Hint}", StringComparison.Ordinal));
            Assert.NotNull(PlanSchema.Errors(text));
        }
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Step_WithEveryArgumentItsActionTakes_HasNoShapeErrorAndSatisfiesTheSchema(ChaosActionKind kind)
    {
        var registration = ChaosActions.Registration(kind);
        var text = PlanTexts.WithSchedule(Step(registration, registration.Arguments.Fields.Select(a => a.Field)));

        var errors = PlanTexts.Load(text).Errors;

        string[] shapeCodes = [PlanDiagnosticCodes.UnknownField, PlanDiagnosticCodes.MissingField, PlanDiagnosticCodes.FieldNotApplicable, PlanDiagnosticCodes.WrongType];
        Assert.DoesNotContain(errors, e => shapeCodes.Contains(e.Code));
        var schemaErrors = PlanSchema.Errors(text);
        Assert.True(schemaErrors is null, schemaErrors);
    }

    /// <summary>A schedule item for <paramref name="registration"/>'s action with a valid value in each of <paramref name="fields"/>.</summary>
    private static string Step(ChaosActionRegistration registration, IEnumerable<FieldShape> fields) =>
        $"  - name: step\n    action: {registration.YamlName}\n    at: 10s\n" + string.Concat(fields.Select(f => $"    {f.Name}: {Sample(f)}\n"));

    /// <summary>A value the field's own schema accepts.</summary>
    private static string Sample(FieldShape field)
    {
        var schema = field.Schema(new SchemaDefinitions());
        var branch = schema["anyOf"]?[0] ?? schema;
        return branch switch
        {
            _ when branch["$ref"]?.GetValue<string>() is { } reference => reference.EndsWith("uration", StringComparison.Ordinal) ? "5s" : "{mode: all}",
            _ when branch["enum"] is JsonArray names => names[0]!.ToJsonString(),
            _ when branch["type"]?.GetValue<string>() == "number" => (((branch["minimum"] ?? branch["exclusiveMinimum"])!.GetValue<double>() + (branch["maximum"] ?? branch["exclusiveMaximum"])!.GetValue<double>()) / 2).ToString(CultureInfo.InvariantCulture),
            _ when branch["type"]?.GetValue<string>() == "integer" => branch["minimum"]!.ToJsonString(),
            _ => throw new InvalidOperationException($"no sample value for field '{field.Name}' ({schema.ToJsonString()}); teach {nameof(Sample)} its type"),
        };
    }

    private static void AssertEnum<T>(JsonNode node)
        where T : struct, Enum
    {
        var values = node["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(PlanNames.All<T>(), values);
    }
}
