using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>Files and texts that once hung or crashed the loader (issue #18): each is now a diagnostic with file:line:col.</summary>
public sealed class ChaosPlanLoaderHostileInputTests
{
    [Fact]
    public void LoadText_TwentyThousandNestedFlowSequences_IsADiagnosticNotAStackOverflow()
    {
        var text = "a: " + new string('[', 20_000) + new string(']', 20_000) + "\n";

        var result = ChaosPlanLoader.LoadText(text, "deep.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(PlanDiagnosticCodes.YamlSyntax, error.Code);
        Assert.Equal((1, 4 + 63), (error.Line, error.Column));
        Assert.Contains("nests deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Fifo_IsRefusedWithoutOpeningIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-plan-fifo-{Guid.NewGuid():N}.yaml");
        Fifo.Create(path);

        try
        {
            // Before: the open blocked forever, waiting for a writer.
            var result = ChaosPlanLoader.LoadFile(path);

            var error = Assert.Single(result.Errors);
            Assert.Equal(PlanDiagnosticCodes.FileUnreadable, error.Code);
            Assert.Contains("is a FIFO (named pipe), not a regular file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_DeviceReportingSizeZero_IsRefused()
    {
        // Before: its reported size (0) passed the size check and it was read until memory ran out.
        var result = ChaosPlanLoader.LoadFile("/dev/zero");

        Assert.Contains("is a character device, not a regular file", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_RegularFileOverTheLimit_IsRefusedWhileReading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-plan-big-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "# " + new string('x', ChaosPlanConstants.MaxFileBytes) + "\n");
        try
        {
            var result = ChaosPlanLoader.LoadFile(path);

            Assert.Contains($"is larger than the {ChaosPlanConstants.MaxFileBytes} bytes a plan may have", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
