using System.Diagnostics;
using ResilienceLab.Hosting;

namespace ResilienceLab.TestSupport;

/// <summary>Named pipes for the hostile-input tests (a reader that opened one would block forever).</summary>
public static class Fifo
{
    /// <summary>Makes a FIFO at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    public static void Create(string path)
    {
        var info = new ProcessStartInfo("mkfifo");
        info.ArgumentList.Add(path);
        var result = ChildProcess.RunAsync(info, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
