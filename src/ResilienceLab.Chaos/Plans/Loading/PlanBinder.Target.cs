using ResilienceLab.Chaos.Plans.Sections;
using System.Text.RegularExpressions;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private TargetSpec BindTarget(SectionReader plan)
    {
        var section = PlanShape.Target.Open(plan);
        if (section is null)
        {
            return new TargetSpec { Kind = TargetKind.Simulation, Replicas = 1 };
        }

        var kind = TargetShape.Kind.Read(section);
        var replicas = TargetShape.Replicas.Read(section);
        return new TargetSpec
        {
            Kind = kind ?? TargetKind.Simulation,
            Replicas = replicas ?? 1,
            Seed = TargetShape.Seed.ReadLong(section) ?? ChaosPlanConstants.DefaultSeed,
            Namespace = TargetShape.Namespace.Read(section),
            Selector = BindLabels(section, TargetShape.Selector.Name),
            Kubeconfig = TargetShape.Kubeconfig.Read(section),
            Context = TargetShape.Context.Read(section),
            Clocks = BindClocks(section),
            Replica = BindReplica(section),
            Agent = BindAgent(section),
        };
    }

    private ReplicaProcessSpec? BindReplica(SectionReader target)
    {
        var section = TargetShape.Replica.Open(target);
        if (section is null)
        {
            return null;
        }

        var command = new List<string>();
        var commandPath = section.Sub(ReplicaShape.Command.Name);
        var list = ReplicaShape.Command.Open(section);
        for (var i = 0; list is not null && i < list.Items.Count; i++)
        {
            var path = PlanContext.Index(commandPath, i);
            if (list.Items[i] is PlanScalar { Kind: not ScalarKind.Null } word && (word.Kind == ScalarKind.String || i > 0))
            {
                command.Add(word.Value);
                CheckPlaceholders(path, word.Value);
            }
            else
            {
                context.Error(path, PlanDiagnosticCodes.WrongType, $"{path}: expected {(i == 0 ? "the program's path or name" : "an argument")} (a string), found {list.Items[i].Describe()}");
            }
        }

        if (list is { Items.Count: 0 })
        {
            section.Report("command", PlanDiagnosticCodes.MissingField, "is empty; give the program and its arguments, e.g. [dotnet, bin/Release/net10.0/MyService.dll]");
        }

        return new ReplicaProcessSpec
        {
            Command = command,
            WorkingDirectory = ReplicaShape.WorkingDirectory.Read(section),
            Environment = BindEnvironment(section, ReplicaShape.Environment.Name),
            Ready = ReplicaShape.Ready.Read(section) ?? ReplicaReadiness.File,
        };
    }

    private Dictionary<string, string> BindEnvironment(SectionReader section, string field)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = section.Sub(field);
        switch (section.Node(field))
        {
            case null:
                return variables;
            case PlanMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    var variablePath = PlanContext.Join(path, entry.Key);
                    context.Record(variablePath, entry.KeyLocation, entry.Value.Start);
                    if (!Local.ReplicaContract.IsVariableName(entry.Key))
                    {
                        context.Error(variablePath, PlanDiagnosticCodes.InvalidFormat, $"'{entry.Key}' is not a valid environment variable name; expected letters, digits and '_', not starting with a digit", atKey: true);
                    }
                    else if (Local.ReplicaContract.IsReserved(entry.Key))
                    {
                        context.Error(variablePath, PlanDiagnosticCodes.InconsistentValues, $"{variablePath}: {entry.Key} is set by the controller for each replica (the replica contract, docs/replica-contract.md); read it, or map it to your own key with a placeholder such as ${{{Local.ReplicaContract.PlaceholderOf(entry.Key)}}}", atKey: true);
                    }
                    else if (entry.Value is not PlanScalar { Kind: not ScalarKind.Null } value)
                    {
                        context.Error(variablePath, PlanDiagnosticCodes.WrongType, $"{variablePath}: expected a value (a string), found {entry.Value.Describe()}");
                    }
                    else
                    {
                        variables[entry.Key] = value.Value;
                        CheckPlaceholders(variablePath, value.Value);
                    }
                }

                return variables;
            default:
                section.Report(field, PlanDiagnosticCodes.WrongType, $"expected a mapping of variable names to values (e.g. MYSERVICE_Store__Endpoints: ${{store.endpoints}}), found {section.Node(field)!.Describe()}");
                return variables;
        }
    }

    private void CheckPlaceholders(string path, string value)
    {
        foreach (var unknown in Local.ReplicaContract.Unknown(value))
        {
            var message = unknown.StartsWith("${", StringComparison.Ordinal)
                ? $"{path}: '${{' is not closed by '}}' (write $${{ for a literal ${{)"
                : $"{path}: '${{{unknown}}}' is not a placeholder of the replica contract{Spelling.Suggestion(unknown, Local.ReplicaContract.All)}; expected one of {string.Join(", ", Local.ReplicaContract.All.Select(a => "${" + a + "}"))}";
            context.Error(path, PlanDiagnosticCodes.InvalidFormat, message);
        }
    }

    private static AgentSpec? BindAgent(SectionReader target)
    {
        switch (target.Node("agent"))
        {
            case null:
                return null;
            case PlanScalar { Kind: ScalarKind.Bool }:
                return target.Bool("agent") == true ? new AgentSpec(ChaosPlanConstants.DefaultAgentTokenFile) : null;
            case PlanMapping:
                var section = TargetShape.Agent.Open(target);
                return new AgentSpec((section is null ? null : AgentShape.TokenFile.Read(section)) ?? ChaosPlanConstants.DefaultAgentTokenFile);
            default:
                target.Report("agent", PlanDiagnosticCodes.WrongType, $"expected true or a mapping such as {{tokenFile: {ChaosPlanConstants.DefaultAgentTokenFile}}}, found {target.Node("agent")!.Describe()}");
                return null;
        }
    }

    private Dictionary<string, string> BindLabels(SectionReader section, string field)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = section.Sub(field);
        switch (section.Node(field))
        {
            case null:
                return labels;
            case PlanMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    var labelPath = PlanContext.Join(path, entry.Key);
                    context.Record(labelPath, entry.KeyLocation, entry.Value.Start);
                    if (!LabelKeyPattern().IsMatch(entry.Key) || entry.Key.Length > 317)
                    {
                        context.Error(labelPath, PlanDiagnosticCodes.InvalidFormat, $"'{entry.Key}' is not a valid Kubernetes label key; expected [prefix/]name with letters, digits, '-', '_' and '.'", atKey: true);
                    }
                    else if (entry.Value is not PlanScalar { Kind: ScalarKind.String } value)
                    {
                        context.Error(labelPath, PlanDiagnosticCodes.WrongType, $"{labelPath}: expected a label value string, found {entry.Value.Describe()}{(entry.Value is PlanScalar { Kind: not ScalarKind.Null } s ? $" (quote it: '{s.Value}')" : string.Empty)}");
                    }
                    else if (!LabelValuePattern().IsMatch(value.Value))
                    {
                        context.Error(labelPath, PlanDiagnosticCodes.InvalidFormat, $"'{value.Value}' is not a valid Kubernetes label value; expected at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
                    }
                    else
                    {
                        labels[entry.Key] = value.Value;
                    }
                }

                return labels;
            default:
                section.Report(field, PlanDiagnosticCodes.WrongType, $"expected a mapping of label keys to values (e.g. app: resiliencelab-worker), found {section.Node(field)!.Describe()}");
                return labels;
        }
    }

    private List<ReplicaClockSpec> BindClocks(SectionReader section)
    {
        var clocks = new List<ReplicaClockSpec>();
        var seen = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(TargetShape.Clocks.Open(section), section.Sub(TargetShape.Clocks.Name), ClockShape.Section.FieldNames, "a mapping {replica, skew, drift}"))
        {
            var replica = ClockShape.Replica.Read(item);
            var skew = ClockShape.Skew.Read(item);
            var drift = ClockShape.Drift.Read(item);
            if (replica is { } index)
            {
                CheckUnique(seen, index.ToString(System.Globalization.CultureInfo.InvariantCulture), PlanContext.Join(path, ClockShape.Replica.Name), "clock for replica");
            }

            clocks.Add(new ReplicaClockSpec(replica ?? 0, skew ?? TimeSpan.Zero, drift ?? 0));
        }

        return clocks;
    }

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
