namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// etcd credentials of the <c>store</c> section: <c>username</c> with <c>passwordFrom: {env: NAME}</c> or
/// <c>passwordFrom: {file: path}</c> (a mounted Secret). A literal <c>password</c> works but is a validation warning:
/// plans are committed and printed, passwords must not be.
/// </summary>
public sealed class StoreCredentialsSpec
{
    private readonly string? _literalPassword;

    /// <summary>Credentials whose password comes from <paramref name="source"/> (or, when null, from <paramref name="literalPassword"/>).</summary>
    public StoreCredentialsSpec(string username, PasswordSource? source, string? literalPassword = null)
    {
        Username = username;
        PasswordFrom = source;
        _literalPassword = literalPassword;
    }

    /// <summary>The etcd user.</summary>
    public string Username { get; }

    /// <summary>Where the password comes from, or null for a literal one.</summary>
    public PasswordSource? PasswordFrom { get; }

    /// <summary>True when the plan wrote the password itself.</summary>
    public bool HasLiteralPassword => _literalPassword is not null;

    /// <summary>
    /// The password now: the environment variable's value or the file's contents (one trailing newline dropped).
    /// </summary>
    /// <exception cref="InvalidOperationException">The variable is unset or the file cannot be read; the message names it, never a value.</exception>
    public string ResolvePassword()
    {
        switch (PasswordFrom)
        {
            case null:
                return _literalPassword ?? "";
            case { Kind: PasswordSourceKind.Environment, Name: var name }:
                return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                    ? value
                    : throw new InvalidOperationException($"store.passwordFrom.env: the environment variable {name} (password of etcd user '{Username}') is not set");
            case { Name: var path }:
                try
                {
                    return File.ReadAllText(path).TrimEnd('\n').TrimEnd('\r');
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new InvalidOperationException($"store.passwordFrom.file: cannot read '{path}' (password of etcd user '{Username}'): {e.Message}", e);
                }
        }
    }

    /// <summary>The user and the password's source, never the password.</summary>
    public override string ToString() => PasswordFrom is null ? $"{Username} (literal password, not shown)" : $"{Username} (password from {PasswordFrom})";
}
