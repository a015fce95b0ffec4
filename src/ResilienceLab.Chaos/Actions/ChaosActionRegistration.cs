using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Actions;

/// <summary>One action: its kind, YAML name, the arguments its steps take, and what it does.</summary>
internal sealed record ChaosActionRegistration(IChaosAction Action, ActionArgumentsShape Arguments)
{
    public ChaosActionKind Kind => Action.Kind;

    public string YamlName => PlanNames.Of(Kind);
}
