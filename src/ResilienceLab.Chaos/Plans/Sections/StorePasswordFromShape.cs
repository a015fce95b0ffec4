using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>store.passwordFrom</c>: where the etcd password is read at run time.</summary>
internal static class StorePasswordFromShape
{
    public static readonly StringField Env = new("env", "An environment variable of the controller holding the password, e.g. ETCD_ROOT_PASSWORD.") { MinLength = 1 };

    public static readonly StringField File = new("file", "A file holding the password (one trailing newline ignored), relative to the plan's directory or absolute.") { MinLength = 1 };

    public static readonly SectionShape Section = new("storePasswordFrom", "Exactly one source of the store password.", [Env, File])
    {
        Always = new Presence { ExactlyOne = true },
    };
}
