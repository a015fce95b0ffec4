namespace ResilienceLab.Chaos.Plans;

/// <summary>The kinds of <see cref="PasswordSource"/>.</summary>
public enum PasswordSourceKind
{
    /// <summary><c>passwordFrom: {env: NAME}</c>, e.g. a Kubernetes Secret wired with <c>secretKeyRef</c>.</summary>
    Environment,

    /// <summary><c>passwordFrom: {file: path}</c>, e.g. a Kubernetes Secret mounted as a volume.</summary>
    File,
}
