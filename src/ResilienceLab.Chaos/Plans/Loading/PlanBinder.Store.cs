namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private StoreSpec BindStore(SectionReader plan)
    {
        var section = plan.Section("store", PlanFields.Store, required: true, hint: "the coordination store, e.g. store: {kind: simulated}");
        if (section is null)
        {
            return new StoreSpec { Kind = StoreKind.Simulated };
        }

        var kind = section.Enum<StoreKind>("kind", "store kind", required: true, hint: "simulated, etcd or nats");
        var endpoints = new List<string>();
        var endpointsPath = section.Sub("endpoints");
        var list = section.Sequence("endpoints");
        for (var i = 0; list is not null && i < list.Items.Count; i++)
        {
            var path = PlanContext.Index(endpointsPath, i);
            if (list.Items[i] is PlanScalar { Kind: ScalarKind.String } endpoint)
            {
                endpoints.Add(endpoint.Value);
            }
            else
            {
                context.Error(path, PlanDiagnosticCodes.WrongType, $"{path}: expected an endpoint URL such as http://127.0.0.1:2379, found {list.Items[i].Describe()}");
            }
        }

        var members = section.Int("members", 1, 9);
        CheckMemberCount(section, "members", members);
        var start = BindStart(section);
        var callTimeout = section.Duration("callTimeout", max: TimeSpan.FromMinutes(10));
        var credentials = BindCredentials(section);
        var tls = BindTls(section);

        return new StoreSpec
        {
            Kind = kind ?? StoreKind.Simulated,
            Endpoints = endpoints,
            Start = kind == StoreKind.Simulated ? new StoreStartSpec(members ?? ChaosPlanConstants.DefaultSimulatedMembers) : start,
            CallTimeout = callTimeout ?? ChaosPlanConstants.DefaultCallTimeout,
            Credentials = credentials,
            Tls = tls,
        };
    }

    private StoreStartSpec? BindStart(SectionReader store)
    {
        switch (store.Node("start"))
        {
            case null:
                return null;
            case PlanScalar { Kind: ScalarKind.Bool }:
                return store.Bool("start") == true ? new StoreStartSpec(1) : null;
            case PlanMapping:
                var section = store.Section("start", PlanFields.StoreStart);
                var members = section?.Int("members", 1, 9);
                CheckMemberCount(section, "members", members);
                return new StoreStartSpec(members ?? 1);
            default:
                store.Report("start", PlanDiagnosticCodes.WrongType, $"expected true or a mapping such as {{members: 3}}, found {store.Node("start")!.Describe()}");
                return null;
        }
    }

    private static void CheckMemberCount(SectionReader? section, string field, int? members)
    {
        if (section is not null && members is { } count && !ChaosPlanConstants.AllowedMemberCounts.Contains(count))
        {
            section.Report(field, PlanDiagnosticCodes.OutOfRange, $"{count} members is not supported; expected 1, 3 or 5 (an odd count, so that a majority survives a minority failure)");
        }
    }
}
