using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>The top level of a plan.</summary>
internal static class PlanShape
{
    public static readonly StringField ApiVersion = new("apiVersion", "Version of the plan language.")
    {
        Const = ChaosPlanConstants.ApiVersion,
        Required = true,
        Hint = $"write apiVersion: {ChaosPlanConstants.ApiVersion}",
    };

    public static readonly StringField Kind = new("kind", string.Empty)
    {
        Const = ChaosPlanConstants.Kind,
        Required = true,
        Hint = $"write kind: {ChaosPlanConstants.Kind}",
    };

    public static readonly SectionField Metadata = new("metadata", string.Empty, MetadataShape.Section) { Required = true, Hint = "metadata: {name: my-experiment}" };

    public static readonly SectionField Target = new("target", string.Empty, TargetShape.Section) { Required = true, Hint = "where the replicas run, e.g. target: {kind: simulation, replicas: 5}" };

    public static readonly SectionField Store = new("store", string.Empty, StoreShape.Section) { Required = true, Hint = "the coordination store, e.g. store: {kind: simulated}" };

    public static readonly SectionField Workload = new("workload", string.Empty, WorkloadShape.Section) { Required = true, Hint = "what the replicas do, e.g. workload: {duration: 60s, tasks: {count: 3}}" };

    public static readonly ListField Schedule = ListField.Of("schedule", "The chaos steps; times count from the start of the run.", StepShape.Section);

    public static readonly ListField Probes = ListField.Of("probes", "Steady-state probes (Litmus modes: start, end, continuous, on-chaos).", ProbeShape.Section);

    public static readonly ListField Checks = new(
        "checks",
        "Checks run on the history after the run; omitted = every check the workload supports.",
        d => new JsonObject { ["anyOf"] = new JsonArray(d.Ref(CheckShape.Names), d.Ref(CheckShape.Section)) });

    public static readonly EnumField<PlanExpectation> Expect = new("expect", "expectation", "The expected verdict; fail marks a negative control (name the file unsafe-*.yaml).")
    {
        Default = "pass",
    };

    public static readonly SectionShape Root = new(
        string.Empty,
        "A chaos experiment: target, store, workload, schedule of chaos steps, steady-state probes and checks. Reference: docs/chaos-plans.md. The loader (reslab validate) checks everything this schema checks, plus rules across fields (schedules that overrun the run, selectors that can never match, ...).",
        [ApiVersion, Kind, Metadata, Target, Store, Workload, Schedule, Probes, Checks, Expect]);
}
