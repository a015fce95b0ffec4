using System.CommandLine;
using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Cli.Tests;

/// <summary>
/// `reslab simulate --service`: a team's own service, loaded from the assembly holding its IServiceSimulationSetup (the
/// billing sample's simulation tests), run in-process as the real binary parses the command line.
/// </summary>
public sealed class SimulateServiceTests
{
    private static readonly string BillingPlan = Path.Combine(RepoPaths.Root, "samples", "Billing", "plans", "billing-simulation.yaml");

    // The sample's test assembly of the same build configuration as this one (bin/<configuration>/net10.0).
    private static readonly string BillingTests = Path.Combine(
        RepoPaths.Root, "samples", "Billing", "tests", "Billing.Tests", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Billing.Tests.dll");

    [Fact]
    public void Simulate_ServiceAssembly_RunsTheTeamsHostedServicesAndPasses()
    {
        var (exitCode, output) = Invoke(BillingPlan, "--service", BillingTests, "--seeds", "3", "--parallel", "1", "--lock-ttl", "3s");

        Assert.True(exitCode == 0, output);
        Assert.Contains("PASS: all 3 seed(s) passed every check", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_ServiceConfigSwitchingOnTheTwin_FailsMutualExclusionAndPrintsAReplayWithTheServiceOptions()
    {
        var (exitCode, output) = Invoke(BillingPlan, "--service", BillingTests, "--seeds", "3", "--parallel", "1", "--lock-ttl", "3s", "--service-config", "Billing:UnfencedCheckpoints=true");

        Assert.True(exitCode == 1, output);
        Assert.Contains("mutual-exclusion", output, StringComparison.Ordinal);
        Assert.Contains($"--service {BillingTests} --lock-ttl 3s --service-config Billing:UnfencedCheckpoints=true --seeds 1 --from 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_AssemblyWithoutASetup_IsBadInputNamingWhatIsMissing()
    {
        var (exitCode, output) = Invoke(BillingPlan, "--service", typeof(SimulateServiceTests).Assembly.Location);

        Assert.Equal(2, exitCode);
        Assert.Contains("no public class implements IServiceSimulationSetup", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_ExternalPlanWithoutService_IsBadInputPointingAtTheOption()
    {
        var (exitCode, output) = Invoke(BillingPlan, "--seeds", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains("give its setup with --service", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--service-config", "no-equals-sign", "is not KEY=VALUE")]
    [InlineData("--lock-ttl", "forever", "is not a duration")]
    public void Simulate_BadServiceOption_IsBadInput(string option, string value, string expected)
    {
        var (exitCode, output) = Invoke(BillingPlan, "--service", BillingTests, option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { SimulateCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["simulate", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error.ToString());
    }
}
