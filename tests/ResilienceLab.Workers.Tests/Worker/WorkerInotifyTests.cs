using ResilienceLab.Hosting;
using System.Diagnostics;

namespace ResilienceLab.Workers.Tests.Worker;

/// <summary>
/// The worker host watches no file (issue #18, item 10): each watch is an inotify instance, root may have 128, and
/// a local run of a few hundred replicas died on that limit.
/// </summary>
public sealed class WorkerInotifyTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Worker_Running_HoldsNoInotifyInstance()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(WorkerBinary.Path);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("RESLAB_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        // An unreachable store keeps the host up (retrying) long enough to look at it.
        info.Environment["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}";
        info.Environment["RESLAB_Store__StartupTimeout"] = "00:01:00";
        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = ChildProcess.Start(info, new ChildProcessOptions { OnOutput = (_, _) => printed.TrySetResult() });
        try
        {
            // The host logs only once it is built, and its configuration (and any file watch) is built before that.
            await printed.Task.WaitAsync(StartLimit, TimeProvider.System);

            var inotify = Directory.GetFiles($"/proc/{process.Id}/fd")
                .Count(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify");
            Assert.Equal(0, inotify);
        }
        finally
        {
            await process.KillAsync();
        }
    }
}
