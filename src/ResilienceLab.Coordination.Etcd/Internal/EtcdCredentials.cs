namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// A user and where its password comes from. Not a record: a record's generated ToString would print the password.
/// </summary>
internal sealed class EtcdCredentials
{
    private readonly string? _password;
    private readonly string? _passwordFile;

    private EtcdCredentials(string username, string? password, string? passwordFile)
    {
        Username = username;
        _password = password;
        _passwordFile = passwordFile;
    }

    public string Username { get; }

    /// <summary>The credentials of validated <paramref name="options"/>, or null when they name no user.</summary>
    public static EtcdCredentials? From(EtcdStoreOptions options) =>
        options.Username is { } user ? new EtcdCredentials(user, options.Password, options.PasswordFile) : null;

    /// <summary>The password now: a password file is read at every authentication, so a rotated Secret takes effect.</summary>
    public string ReadPassword()
    {
        if (_passwordFile is null)
        {
            return _password ?? "";
        }

        try
        {
            // Secrets written by editors and `kubectl create secret --from-file` often end with one newline.
            return File.ReadAllText(_passwordFile).TrimEnd('\n').TrimEnd('\r');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"Could not read the password file '{_passwordFile}' of etcd user '{Username}': {error.Message}", error);
        }
    }

    public override string ToString() => _passwordFile is null ? $"user {Username}" : $"user {Username} (password file {_passwordFile})";
}
