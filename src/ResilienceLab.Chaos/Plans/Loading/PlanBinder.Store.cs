using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private StoreSpec BindStore(SectionReader plan)
    {
        var section = PlanShape.Store.Open(plan);
        if (section is null)
        {
            return new StoreSpec { Kind = StoreKind.Simulated };
        }

        var kind = StoreShape.Kind.Read(section);
        var endpoints = new List<string>();
        var endpointsPath = section.Sub(StoreShape.Endpoints.Name);
        var list = StoreShape.Endpoints.Open(section);
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

        var members = StoreShape.Members.Read(section);
        CheckMemberCount(section, StoreShape.Members.Name, members);
        var start = BindStart(section);
        var callTimeout = StoreShape.CallTimeout.Read(section);
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
                var section = StoreShape.Start.Open(store);
                var members = section is null ? null : StoreStartShape.Members.Read(section);
                CheckMemberCount(section, StoreStartShape.Members.Name, members);
                return new StoreStartSpec(members ?? 1);
            default:
                store.Report("start", PlanDiagnosticCodes.WrongType, $"expected true or a mapping such as {{members: 3}}, found {store.Node("start")!.Describe()}");
                return null;
        }
    }

    private static void CheckMemberCount(SectionReader? section, string field, int? members)
    {
        if (section is not null && members is { } count && !StoreShape.Members.Allowed!.Contains(count))
        {
            section.Report(field, PlanDiagnosticCodes.OutOfRange, $"{count} members is not supported; expected 1, 3 or 5 (an odd count, so that a majority survives a minority failure)");
        }
    }
}
