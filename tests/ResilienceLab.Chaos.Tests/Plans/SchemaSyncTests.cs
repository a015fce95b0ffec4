using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>The JSON Schema and the loader accept the same field names and the same enum values.</summary>
public sealed class SchemaSyncTests
{
    private static readonly string[] StepArguments = ["duration", "selector", "member", "latency", "latencyJitter", "probability", "fault"];

    public static TheoryData<string> Definitions()
    {
        var data = new TheoryData<string>();
        foreach (var name in PlanFields.BySchemaDefinition.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Schema_Definition_ListsTheLoadersFields(string definition)
    {
        var node = definition.Length == 0 ? PlanSchema.Json : PlanSchema.Json["$defs"]![definition]!;
        var properties = node["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(PlanFields.BySchemaDefinition[definition].Order(StringComparer.Ordinal), properties);
        Assert.False(node["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Schema_Enums_MatchTheModelsEnums()
    {
        var defs = PlanSchema.Json["$defs"]!;

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
        AssertEnum<PlanExpectation>(PlanSchema.Json["properties"]!["expect"]!);
    }

    [Fact]
    public void Schema_MemberCounts_MatchTheLoader()
    {
        var members = PlanSchema.Json["$defs"]!["storeStart"]!["properties"]!["members"]!["enum"]!.AsArray().Select(n => n!.GetValue<int>());

        Assert.Equal(ChaosPlanConstants.AllowedMemberCounts, members);
    }

    [Fact]
    public void Schema_StepRules_MatchTheLoadersActionRules()
    {
        var rules = PlanSchema.Json["$defs"]!["step"]!["allOf"]!.AsArray();

        foreach (var action in Enum.GetValues<ChaosActionKind>())
        {
            var name = PlanNames.Of(action);
            var rule = rules.Single(r => r!["if"]!["properties"]!["action"]!["const"]!.GetValue<string>() == name)!["then"]!;
            var required = rule["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];
            Assert.Equal(ActionRules.Required(action).Order(StringComparer.Ordinal), required.Order(StringComparer.Ordinal));
            var forbidden = rule["properties"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
            foreach (var field in StepArguments)
            {
                Assert.True(ActionRules.Accepts(action, field) != forbidden.Contains(field), $"{name}: the schema and the loader disagree on '{field}'");
            }
        }
    }

    [Fact]
    public void Schema_IsAValidDraft202012Schema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Schema));

        var result = MetaSchemas.Draft202012.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", PlanSchema.Json["$schema"]!.GetValue<string>());
        Assert.True(result.IsValid);
    }

    private static void AssertEnum<T>(JsonNode node)
        where T : struct, Enum
    {
        var values = node["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(PlanNames.All<T>().Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
    }
}
