using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>metadata</c>: the plan's name and description.</summary>
internal static class MetadataShape
{
    public static readonly StringField Name = new("name", "Names the reports and test cases.")
    {
        Format = PlanValues.Name,
        Required = true,
        Hint = "names the reports, e.g. name: lock-expiry-takeover",
    };

    public static readonly StringField Description = new("description", "What the experiment shows.");

    public static readonly SectionShape Section = new("metadata", string.Empty, [Name, Description]);
}
