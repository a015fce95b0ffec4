using ResilienceLab.Chaos.Plans;
using static ResilienceLab.TestSupport.PlanTexts;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>The store section's credentials and TLS: a password is referred to, never written; a literal one is warned about and never quoted.</summary>
public sealed class StoreCredentialsPlanTests
{
    private const string LiteralSecret = "S3cret-in-the-plan";

    private static string LocalPlan(string storeExtra, string endpoint = "https://etcd.example:2379") => Header + $"""
        target:
          kind: local
          replicas: 2
        store:
          kind: etcd
          endpoints: [{endpoint}]
        {storeExtra}
        """ + "\n" + TasksWorkload;

    [Fact]
    public void Load_PasswordFromEnvAndTls_BindsThemWithPathsRelativeToThePlan()
    {
        var result = Load(LocalPlan("""
              username: root
              passwordFrom: {env: ETCD_ROOT_PASSWORD}
              tls: {ca: certs/ca.pem, cert: /etc/etcd/client.pem, key: /etc/etcd/client-key.pem, serverName: etcd.internal}
            """), "/plans/team/auth.yaml");

        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        var store = result.Plan.Store;
        Assert.Equal("root", store.Credentials!.Username);
        Assert.Equal(new PasswordSource(PasswordSourceKind.Environment, "ETCD_ROOT_PASSWORD"), store.Credentials.PasswordFrom);
        Assert.Equal(new StoreTlsSpec("/plans/team/certs/ca.pem", "/etc/etcd/client.pem", "/etc/etcd/client-key.pem", "etcd.internal"), store.Tls);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Load_PasswordFromFile_ResolvesTheFilesContentWithoutItsNewline()
    {
        var directory = Directory.CreateTempSubdirectory("reslab-plan-secret-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "password"), "from-a-file\n");
            var result = Load(LocalPlan("  username: root\n  passwordFrom: {file: password}"), Path.Combine(directory, "plan.yaml"));

            Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
            Assert.Equal("from-a-file", result.Plan.Store.Credentials!.ResolvePassword());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Load_LiteralPassword_WarnsRlp110WithoutQuotingIt()
    {
        var result = Load(LocalPlan($"  username: root\n  password: {LiteralSecret}"));

        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(PlanDiagnosticCodes.LiteralPassword, warning.Code);
        Assert.Contains("passwordFrom", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LiteralSecret, warning.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LiteralSecret, result.Plan.Store.Credentials!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  username: root", PlanDiagnosticCodes.MissingField, "has no password")]
    [InlineData("  passwordFrom: {env: X}", PlanDiagnosticCodes.MissingField, "needs a username")]
    [InlineData("  username: root\n  passwordFrom: {env: X, file: y}", PlanDiagnosticCodes.ConflictingFields, "env or file, not both")]
    [InlineData("  username: root\n  passwordFrom: {vault: x}", PlanDiagnosticCodes.UnknownField, "vault")]
    [InlineData("  tls: {cert: c.pem}", PlanDiagnosticCodes.MissingField, "both cert and key")]
    public void Load_IncompleteCredentialsOrTls_ErrorSaysWhatIsMissing(string storeExtra, string code, string expected)
    {
        var result = Load(LocalPlan(storeExtra));

        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TlsWithAnHttpEndpoint_IsAnError()
    {
        var result = Load(LocalPlan("  tls: {ca: ca.pem}", endpoint: "http://127.0.0.1:2379"));

        Assert.Equal(PlanDiagnosticCodes.InconsistentValues, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Load_CredentialsForAStartedStore_AreNotApplicable()
    {
        var text = Header + """
            target:
              kind: local
              replicas: 2
            store:
              kind: etcd
              start: true
              username: root
              passwordFrom: {env: X}

            """ + TasksWorkload;

        var error = Assert.Single(Load(text).Errors);

        Assert.Equal(PlanDiagnosticCodes.FieldNotApplicable, error.Code);
    }

    [Fact]
    public void ResolvePassword_UnsetVariable_NamesTheVariableNotAValue()
    {
        var credentials = new StoreCredentialsSpec("root", new PasswordSource(PasswordSourceKind.Environment, "RESLAB_TEST_UNSET_VARIABLE_41"));

        var error = Assert.Throws<InvalidOperationException>(credentials.ResolvePassword);

        Assert.Contains("RESLAB_TEST_UNSET_VARIABLE_41", error.Message, StringComparison.Ordinal);
    }
}
