using ResilienceLab.Chaos.Local;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.History;
using Xunit.Abstractions;

using ResilienceLab.Hosting;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>
/// One scenario's world: a fresh single-member etcd (fast failure detection: 1 s minimum TTL, lessor every
/// 500 ms), a test-side store client, and a <see cref="LocalReplicaSet"/> of real worker processes in a fresh
/// run directory. Disposal stops the replicas, then etcd, then deletes the directory (kept when the
/// RESLAB_KEEP_RUNS environment variable is set, for post-mortems).
/// </summary>
internal sealed class LocalRun : IAsyncDisposable
{
    private LocalRun(EtcdCluster etcd, EtcdKeyValueStore store, LocalReplicaSet set, string directory)
    {
        Etcd = etcd;
        Store = store;
        Set = set;
        Directory = directory;
    }

    public EtcdCluster Etcd { get; }

    public EtcdKeyValueStore Store { get; }

    public LocalReplicaSet Set { get; }

    public string Directory { get; }

    public TimeProvider Time { get; } = TimeProvider.System;

    public static async Task<LocalRun> StartAsync(ReplicaOptions template, int replicas = 3, Action<LocalReplicaSetOptions>? configure = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reslab-workers-tests-").FullName;
        var etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true, BaseDirectory = directory });
        var store = etcd.CreateStore(o => o.CallTimeout = TimeSpan.FromSeconds(2));
        var options = new LocalReplicaSetOptions
        {
            Command = ReplicaCommand.ReferenceWorker(WorkerBinary.Path, template),
            RunDirectory = Path.Combine(directory, "run"),
            StoreEndpoints = etcd.ConnectionString,
            Replicas = replicas,
            ReadyTimeout = TimeSpan.FromSeconds(45),
            StopTimeout = TimeSpan.FromSeconds(10),
        };
        options.Environment["RESLAB_Store__CallTimeout"] = "00:00:02";
        configure?.Invoke(options);
        var set = new LocalReplicaSet(options);
        var run = new LocalRun(etcd, store, set, directory);
        try
        {
            await set.StartAsync();
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }

        return run;
    }

    /// <summary>Every replica's history merged; fails the test if a file is malformed (a torn last line of a killed writer is only a warning).</summary>
    public MergedHistory ReadHistory()
    {
        var result = HistoryReader.ReadPaths([Set.HistoryDirectory]);
        Assert.True(result.IsValid, "history has errors:\n" + string.Join("\n", result.Errors));
        return result.History;
    }

    /// <summary>The entries of one replica's history read so far (tolerates the line being written).</summary>
    public IReadOnlyList<HistoryEntry> ReadHistoryOf(LocalReplica replica) =>
        File.Exists(replica.HistoryPath) ? HistoryReader.ReadPaths([replica.HistoryPath]).History.Entries : [];

    /// <summary>The task checkpoints: task key → step.</summary>
    public async Task<Dictionary<string, int>> CheckpointsAsync()
    {
        var result = await Store.GetAsync(WorkerConstants.TasksPrefix, prefix: true);
        return result.Kvs.ToDictionary(kv => kv.Key, kv => int.Parse(kv.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>The holder of a lock (the queue head): its key, fencing token and owner (the replica name it wrote as value).</summary>
    public async Task<KeyValue?> LockHolderAsync(string lockName)
    {
        var queue = await Store.GetAsync(lockName + "/", prefix: true);
        return queue.Kvs.MinBy(kv => kv.CreateRevision);
    }

    /// <summary>The live replica holding a lock (the owner name the worker wrote into its holder key, else the history's lock.acquire), with the holder key.</summary>
    public async Task<(LocalReplica Replica, KeyValue Key)?> HolderReplicaAsync(string lockName)
    {
        if (await LockHolderAsync(lockName) is not { } holder)
        {
            return null;
        }

        var replica = Set.Find(holder.Value) ?? Set.Live.FirstOrDefault(r => ReadHistoryOf(r).Any(e =>
            e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok && e.Value == holder.Key));
        return replica is null ? null : (replica, holder);
    }

    /// <summary>Writes what happened to the test output: replicas, exit codes, where the logs are.</summary>
    public void Describe(ITestOutputHelper output)
    {
        foreach (var replica in Set.All)
        {
            output.WriteLine($"  {replica} started {replica.StartedAt:HH:mm:ss.fff} ready {replica.ReadyAt:HH:mm:ss.fff} exited {replica.ExitedAt:HH:mm:ss.fff}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Set.DisposeAsync();
        await Store.DisposeAsync();
        await Etcd.DisposeAsync();
        if (Environment.GetEnvironmentVariable("RESLAB_KEEP_RUNS") is null)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
