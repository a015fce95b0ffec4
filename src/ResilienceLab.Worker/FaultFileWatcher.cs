using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>
/// Applies the faults the chaos controller writes to <c>Store:FaultFile</c> (<see cref="FaultFile"/>) within
/// <see cref="WorkerHostConstants.FaultFilePollInterval"/> of the write (the controller writes the file whole, by
/// rename): a store-fault line to this replica's etcd client, a clock line to the replica's clock. Does nothing when no
/// fault file is configured.
/// </summary>
internal sealed class FaultFileWatcher(InjectedStoreFaults faults, SkewedTimeProvider clock, IOptions<StoreOptions> options, ILogger<FaultFileWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.FaultFile is not { } path)
        {
            return;
        }

        var etcd = options.Value.Kind.Equals(WorkerHostConstants.EtcdKind, StringComparison.OrdinalIgnoreCase);
        string? applied = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var text = Read(path);
            if (text is not null && text != applied)
            {
                Apply(path, text, etcd);
                applied = text;
            }

            try
            {
                // Polled on the clock beneath the fault: a slowed clock must not delay its own healing.
                await Task.Delay(WorkerHostConstants.FaultFilePollInterval, clock.Inner, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Apply(string path, string text, bool etcd)
    {
        try
        {
            var (store, clockLine) = FaultFile.Split(text);
            FaultFile.ApplyClock(clockLine, clock);
            if (etcd)
            {
                faults.Apply(store);
            }
            else if (store.Length > 0)
            {
                logger.LogWarning("Store fault '{Fault}' is ignored: faults are injected into the etcd client, and this store is {Kind}", store, options.Value.Kind);
            }

            logger.LogWarning("Injected faults now: {Faults}", text.Trim().Length == 0 ? "none" : text.Trim().ReplaceLineEndings("; "));
        }
        catch (FormatException e)
        {
            logger.LogError("{Path}: {Error}; the previous faults stay in force", path, e.Message);
        }
    }

    /// <summary>The file's text, "" when it does not exist, null when it could not be read this time.</summary>
    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
