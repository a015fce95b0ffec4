using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// How the controller and the replicas reach the plan's etcd: its endpoints with the plan's credentials and TLS. The
/// password is resolved here (from the environment or a file) and handed to replicas only as a 0600 file in the run
/// directory, named by <c>RESLAB_Store__PasswordFile</c> — never on a command line or in an environment value.
/// </summary>
public static class PlanStoreAccess
{
    /// <summary>The file a local run writes the password to; deleted when the run ends.</summary>
    public const string PasswordFileName = "store-password";

    /// <summary>The controller's client options for <paramref name="endpoints"/>.</summary>
    /// <exception cref="PlanRunException">The password's variable is unset or its file unreadable.</exception>
    public static EtcdStoreOptions EtcdOptions(StoreSpec store, IEnumerable<string> endpoints, TimeProvider time)
    {
        var options = new EtcdStoreOptions { Endpoints = [.. endpoints], CallTimeout = store.CallTimeout, TimeProvider = time, Tls = Tls(store) };
        if (store.Credentials is { } credentials)
        {
            options.Username = credentials.Username;
            options.Password = ResolvePassword(credentials);
        }

        return options;
    }

    /// <summary>
    /// The <c>RESLAB_Store__…</c> variables for local replicas: user, password file (written now, mode 0600) and TLS
    /// files. Empty for a store without credentials or TLS.
    /// </summary>
    public static Dictionary<string, string> ReplicaEnvironment(StoreSpec store, string runDirectory)
    {
        const string Prefix = "RESLAB_Store__";
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (store.Credentials is { } credentials)
        {
            var file = Path.Combine(Path.GetFullPath(runDirectory), PasswordFileName);
            WritePrivate(file, ResolvePassword(credentials));
            variables[Prefix + "Username"] = credentials.Username;
            variables[Prefix + "PasswordFile"] = file;
        }

        if (store.Tls is { } tls)
        {
            Add(variables, Prefix + "Tls__CaFile", tls.Ca);
            Add(variables, Prefix + "Tls__ClientCertificateFile", tls.Cert);
            Add(variables, Prefix + "Tls__ClientKeyFile", tls.Key);
            Add(variables, Prefix + "Tls__ServerName", tls.ServerName);
        }

        return variables;
    }

    /// <summary>Removes the password file a local run wrote (best effort: the run directory is the user's).</summary>
    public static void DeletePasswordFile(string runDirectory)
    {
        try
        {
            File.Delete(Path.Combine(runDirectory, PasswordFileName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The file is 0600 in the run's own directory; failing the run over it would hide its verdict.
        }
    }

    private static EtcdTlsOptions Tls(StoreSpec store) => store.Tls is { } tls
        ? new EtcdTlsOptions { CaFile = tls.Ca, ClientCertificateFile = tls.Cert, ClientKeyFile = tls.Key, ServerName = tls.ServerName }
        : new EtcdTlsOptions();

    private static string ResolvePassword(StoreCredentialsSpec credentials)
    {
        try
        {
            return credentials.ResolvePassword();
        }
        catch (InvalidOperationException e)
        {
            throw new PlanRunException(e.Message, e);
        }
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    private static void Add(Dictionary<string, string> variables, string key, string? value)
    {
        if (value is not null)
        {
            variables[key] = value;
        }
    }
}
