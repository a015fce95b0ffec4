namespace ResilienceLab.Chaos.Plans;

/// <summary>Where a plan's store password is read from at run time.</summary>
/// <param name="Kind">An environment variable or a file.</param>
/// <param name="Name">The variable's name, or the file's path (relative paths resolved against the plan's directory).</param>
public sealed record PasswordSource(PasswordSourceKind Kind, string Name)
{
    /// <summary><c>env NAME</c> or <c>file PATH</c>.</summary>
    public override string ToString() => Kind == PasswordSourceKind.Environment ? $"env {Name}" : $"file {Name}";
}
