using ResilienceLab.Reporting.Tests.TestSupport;
using ResilienceLab.Verification;
using static ResilienceLab.Reporting.Tests.TestSupport.PageColors;

namespace ResilienceLab.Reporting.Tests;

/// <summary>Renders report.html in headless Chromium and inspects the pixels.</summary>
public sealed class HtmlScreenshotTests : IDisposable
{
    private const int Width = 1400;
    private const int Height = 900;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-screenshot-");

    public void Dispose() => _directory.Delete(recursive: true);

    private PngImage Screenshot(Verdict verdict)
    {
        var files = ReportWriter.WriteAll(_directory.FullName, verdict);
        return PngImage.Decode(HeadlessChromium.Screenshot(files.Html, Width, Height));
    }

    [Fact]
    public void Screenshot_FailingVerdict_ShowsTheTimelineAndRedViolations()
    {
        var image = Screenshot(SampleVerdicts.Failing());

        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.True(image.Count(IsRed) > 200, $"expected red violation marks, found {image.Count(IsRed)} red pixels");
        Assert.True(image.Count(IsHoldBlue) > 500, $"expected blue hold bars, found {image.Count(IsHoldBlue)} pixels");
        Assert.True(image.Count(IsGreen) > 200, $"expected green term bars, found {image.Count(IsGreen)} pixels");
    }

    [Fact]
    public void Screenshot_PassingVerdict_HasNoRedPixels()
    {
        var image = Screenshot(SampleVerdicts.Passing());

        Assert.Equal((Width, Height), (image.Width, image.Height));
        Assert.Equal(0, image.Count(IsRed));
        Assert.True(image.Count(IsHoldBlue) > 500, $"expected blue hold bars, found {image.Count(IsHoldBlue)} pixels");
    }
}
