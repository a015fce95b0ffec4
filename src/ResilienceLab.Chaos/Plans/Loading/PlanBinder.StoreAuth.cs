using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    /// <summary>
    /// <c>username</c> with <c>passwordFrom: {env: NAME}</c> or <c>{file: path}</c>; a literal <c>password</c> binds but is
    /// warned about by the validator. No diagnostic ever quotes a password value.
    /// </summary>
    private StoreCredentialsSpec? BindCredentials(SectionReader store)
    {
        var username = StoreShape.Username.Read(store);
        var source = BindPasswordSource(store);
        string? literal = null;
        switch (store.Node("password"))
        {
            case null:
                break;
            case PlanScalar { Kind: ScalarKind.String or ScalarKind.Int or ScalarKind.Float or ScalarKind.Bool } scalar:
                literal = scalar.Value;
                break;
            default:
                store.Report("password", PlanDiagnosticCodes.WrongType, "expected a string; better, replace password with passwordFrom: {env: NAME} or {file: path}");
                break;
        }

        if (source is not null && literal is not null)
        {
            store.Report("password", PlanDiagnosticCodes.ConflictingFields, "give passwordFrom or password, not both (prefer passwordFrom)");
        }

        if (username is null)
        {
            if (source is not null || literal is not null)
            {
                store.Report(source is not null ? "passwordFrom" : "password", PlanDiagnosticCodes.MissingField, "a password needs a username: add username (e.g. root)");
            }

            return null;
        }

        if (source is null && literal is null && !store.Has("passwordFrom") && !store.Has("password"))
        {
            store.Report("username", PlanDiagnosticCodes.MissingField, $"etcd user '{username}' has no password: add passwordFrom: {{env: NAME}} or passwordFrom: {{file: path}}");
            return null;
        }

        return new StoreCredentialsSpec(username, source, source is null ? literal : null);
    }

    private PasswordSource? BindPasswordSource(SectionReader store)
    {
        var section = StoreShape.PasswordFrom.Open(store);
        if (section is null)
        {
            return null;
        }

        var env = StorePasswordFromShape.Env.Read(section);
        var file = StorePasswordFromShape.File.Read(section);
        if (env is not null && file is not null)
        {
            section.Report("file", PlanDiagnosticCodes.ConflictingFields, "passwordFrom takes env or file, not both");
            return null;
        }

        if (env is not null)
        {
            return new PasswordSource(PasswordSourceKind.Environment, env);
        }

        if (file is not null)
        {
            return new PasswordSource(PasswordSourceKind.File, PlanRelativePath(file));
        }

        if (section.WrittenFields.Any())
        {
            // An unknown field (with its did-you-mean) was reported already.
            return null;
        }

        store.Report("passwordFrom", PlanDiagnosticCodes.MissingField, "passwordFrom needs env: NAME (an environment variable, e.g. from a Secret's secretKeyRef) or file: path (a mounted Secret)");
        return null;
    }

    private StoreTlsSpec? BindTls(SectionReader store)
    {
        var section = StoreShape.Tls.Open(store);
        if (section is null)
        {
            return null;
        }

        var ca = StoreTlsShape.Ca.Read(section);
        var cert = StoreTlsShape.Cert.Read(section);
        var key = StoreTlsShape.Key.Read(section);
        if ((cert is null) != (key is null))
        {
            section.Report(cert is null ? "key" : "cert", PlanDiagnosticCodes.MissingField, "a client certificate needs both cert and key");
        }

        return new StoreTlsSpec(
            ca is null ? null : PlanRelativePath(ca),
            cert is null ? null : PlanRelativePath(cert),
            key is null ? null : PlanRelativePath(key),
            StoreTlsShape.ServerName.Read(section));
    }

    /// <summary>A path as written, or relative to the plan file's directory.</summary>
    private string PlanRelativePath(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(context.File));
        return directory is null ? path : Path.GetFullPath(Path.Combine(directory, path));
    }
}
