using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions;

/// <summary>A field an action takes, and whether its steps must write it.</summary>
internal sealed record ActionArgument(FieldShape Field, bool Required = false);
