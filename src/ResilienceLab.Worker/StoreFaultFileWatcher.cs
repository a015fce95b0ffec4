using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>
/// Applies the faults the chaos controller writes to <c>Store:FaultFile</c> to this replica's etcd client, within
/// <see cref="WorkerHostConstants.FaultFilePollInterval"/> of the write (the controller writes the file whole, by
/// rename). Does nothing when no fault file is configured.
/// </summary>
internal sealed class StoreFaultFileWatcher(InjectedStoreFaults faults, IOptions<StoreOptions> options, TimeProvider time, ILogger<StoreFaultFileWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.FaultFile is not { } path)
        {
            return;
        }

        if (!options.Value.Kind.Equals(WorkerHostConstants.EtcdKind, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("Store:FaultFile is ignored: faults are injected into the etcd client, and this store is {Kind}", options.Value.Kind);
            return;
        }

        string? applied = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var text = Read(path);
            if (text is not null && text != applied)
            {
                try
                {
                    faults.Apply(text);
                    logger.LogWarning("Injected store faults now: {Faults}", text.Trim().Length == 0 ? "none" : text.Trim());
                }
                catch (FormatException e)
                {
                    logger.LogError("{Path}: {Error}; the previous faults stay in force", path, e.Message);
                }

                applied = text;
            }

            try
            {
                await Task.Delay(WorkerHostConstants.FaultFilePollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
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
