namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>Keeps the screenshots a test took, under the test assembly's screenshots/ folder, for a person to look at.</summary>
internal static class Screenshots
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static PngImage Take(string htmlPath, string name, int width, int height)
    {
        var png = HeadlessChromium.Screenshot(htmlPath, width, height);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(Path.Combine(Directory, name + ".png"), png);
        return PngImage.Decode(png);
    }
}
