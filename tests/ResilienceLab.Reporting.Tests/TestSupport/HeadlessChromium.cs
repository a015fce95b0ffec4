using ResilienceLab.Hosting;
using System.Diagnostics;

namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>Takes a screenshot of a local page with Debian's headless Chromium (CI installs the `chromium` package).</summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static byte[] Screenshot(string htmlPath, int width, int height)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install it with `apt-get install -y chromium`.");
        var profile = Directory.CreateTempSubdirectory("reslab-chromium-");
        var png = Path.Combine(profile.FullName, "screenshot.png");
        try
        {
            var start = new ProcessStartInfo(Executable);
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",

                // Every paint finished before the capture: without these a loaded machine (CI, every suite at once) got a
                // screenshot with half of one bar kind drawn (128 green pixels of 256), though the page has no script.
                "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000",
                $"--user-data-dir={profile.FullName}", $"--screenshot={png}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var result = ChildProcess.RunAsync(start, Timeout).GetAwaiter().GetResult();
            Assert.False(result.TimedOut, $"chromium did not finish within {Timeout.TotalSeconds} s");
            Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {result.ExitCode}): {result.Error}");
            return File.ReadAllBytes(png);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium's helpers may still be closing files; the temp directory is left behind.
            }
        }
    }
}
