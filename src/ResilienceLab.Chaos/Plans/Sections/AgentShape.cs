using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>target.agent</c> in its mapping form.</summary>
internal static class AgentShape
{
    public static readonly StringField TokenFile = new("tokenFile", "The file holding the agents' bearer token (the Secret mounted into the controller's pod); never the token itself.")
    {
        Default = ChaosPlanConstants.DefaultAgentTokenFile,
    };

    public static readonly SectionShape Section = new("agent", "The fault agent sidecar of the worker pods.", [TokenFile]);
}
