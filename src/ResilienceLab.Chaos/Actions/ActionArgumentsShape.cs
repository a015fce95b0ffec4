namespace ResilienceLab.Chaos.Actions;

/// <summary>
/// The step fields one action takes (beyond name, action and timing) and how they bind into its arguments record.
/// <paramref name="bind"/> builds an action's own record from the common part (selector, duration) and the reader —
/// and is where the action checks its own arguments (a rule between two of its fields, reported at file:line:col
/// through <see cref="ArgumentReader.Step"/>), as a Polly strategy validates its options; without it the action's
/// arguments are just <see cref="ChaosActionArguments"/>.
/// </summary>
internal sealed class ActionArgumentsShape(IReadOnlyList<ActionArgument> fields, Func<ArgumentReader, ChaosActionArguments, ChaosActionArguments>? bind = null)
{
    public IReadOnlyList<ActionArgument> Fields { get; } = fields;

    public bool Accepts(string field) => Fields.Any(f => f.Field.Name == field);

    public IEnumerable<ActionArgument> Required => Fields.Where(f => f.Required);

    /// <summary>The action hits replicas (once per selected replica); otherwise it acts on the store once per step.</summary>
    public bool TargetsReplicas => Accepts(CommonArguments.Selector.Name);

    /// <summary>
    /// The selector of a step that names none: an action whose selector is optional (heal, store-fault) acts on every
    /// replica (a heal undoes every fault, a store fault is the store misbehaving towards everyone); any other replica
    /// action (the loader requires its selector) one random replica.
    /// </summary>
    public Plans.ReplicaSelector DefaultSelector =>
        Fields.Any(f => f.Field == CommonArguments.Selector && !f.Required) ? new Plans.ReplicaSelector { Mode = Plans.SelectorMode.All } : new Plans.ReplicaSelector();

    /// <summary>Reads the step's arguments; fields the action does not take are never read (they were reported).</summary>
    public ChaosActionArguments Bind(ArgumentReader reader)
    {
        var common = new ChaosActionArguments
        {
            Selector = Accepts(CommonArguments.Selector.Name) ? reader.Selector() : null,
            Duration = Accepts(CommonArguments.Duration.Name) ? CommonArguments.Duration.Read(reader.Step) : null,
        };
        return bind is null ? common : bind(reader, common);
    }
}
