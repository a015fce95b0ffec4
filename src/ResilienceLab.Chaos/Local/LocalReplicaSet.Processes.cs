using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ResilienceLab.Chaos.Local;

public sealed partial class LocalReplicaSet
{
    /// <summary>Starts a new replica with the next ordinal (under the gate, so a stop never misses a process).</summary>
    private LocalReplica? StartReplica()
    {
        LocalReplica replica;
        lock (_gate)
        {
            if (_stopping)
            {
                return null;
            }

            var ordinal = _nextOrdinal++;
            var name = $"{Options.NamePrefix}-{ordinal}";
            replica = new LocalReplica(
                name,
                ordinal,
                Path.Combine(_historyDirectory, name + ".jsonl"),
                Path.Combine(_logDirectory, name + ".log"),
                Path.Combine(_readyDirectory, name),
                Path.Combine(_readyDirectory, name + ".faults"));
            File.Delete(replica.ReadyFile);
            File.Delete(replica.FaultFile);
            var log = new StreamWriter(new FileStream(replica.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
            var process = new Process { StartInfo = StartInfo(replica), EnableRaisingEvents = true };
            var logGate = new Lock();
            process.OutputDataReceived += (_, e) => WriteLog(log, logGate, e.Data, "");
            process.ErrorDataReceived += (_, e) => WriteLog(log, logGate, e.Data, "[stderr] ");
            try
            {
                process.Start();
            }
            catch
            {
                log.Dispose();
                process.Dispose();
                throw;
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            replica.Started(process, _time.GetUtcNow());
            _all.Add(replica);
            _monitors.RemoveAll(t => t.IsCompleted);
            _monitors.Add(MonitorAsync(replica, process, log, logGate));
        }

        _logger.LogInformation("Started replica {Replica} pid {Pid}", replica.Name, replica.Pid);
        Raise(ReplicaStarted, replica);
        return replica;
    }

    /// <summary>Waits for the process to exit, records it, and schedules the replacement.</summary>
    private async Task MonitorAsync(LocalReplica replica, Process process, StreamWriter log, Lock logGate)
    {
        await Task.Yield();

        // Returns once the process is reaped and both output streams are at end of file.
        await process.WaitForExitAsync(CancellationToken.None);
        lock (logGate)
        {
            log.Dispose();
        }

        var becameReady = replica.IsReady;
        replica.MarkExited(process.ExitCode, _time.GetUtcNow());
        _logger.LogInformation("Replica {Replica} pid {Pid} exited with code {Code}", replica.Name, replica.Pid, process.ExitCode);
        Raise(ReplicaExited, replica);

        TimeSpan delay;
        lock (_gate)
        {
            if (_stopping || Options.RestartDelay is not { } restartDelay)
            {
                return;
            }

            // A replica that dies before it is ready is probably crash-looping: back off like a kubelet.
            _crashLoop = becameReady ? 0 : _crashLoop + 1;
            var factor = Math.Pow(2, Math.Min(_crashLoop, 10));
            delay = TimeSpan.FromTicks((long)Math.Min(restartDelay.Ticks * factor, LocalReplicaSetConstants.MaxRestartDelay.Ticks));
        }

        try
        {
            await Task.Delay(delay, _time, _stop.Token);
            StartReplica();
        }
        catch (OperationCanceledException)
        {
            // The set is stopping: no replacement.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Could not start the replacement of {Replica}", replica.Name);
        }
    }

    private ProcessStartInfo StartInfo(LocalReplica replica)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = RunDirectory,
        };
        if (Options.WorkerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = Options.DotnetPath ?? Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            info.ArgumentList.Add(Options.WorkerPath);
        }
        else
        {
            info.FileName = Options.WorkerPath;
        }

        // The replica's configuration is exactly what we pass: drop anything RESLAB_* (or POD_NAME) we inherited.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith(LocalReplicaSetConstants.EnvironmentPrefix, StringComparison.Ordinal) || k == "POD_NAME").ToList())
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (key, value) in ReplicaEnvironment.From(Options.Template))
        {
            info.Environment[key] = value;
        }

        const string Replica = LocalReplicaSetConstants.EnvironmentPrefix + "Replica__";
        const string Store = LocalReplicaSetConstants.EnvironmentPrefix + "Store__";
        info.Environment[Replica + "Name"] = replica.Name;
        info.Environment[Replica + "HistoryPath"] = replica.HistoryPath;
        info.Environment[Replica + "ReadyFile"] = replica.ReadyFile;
        info.Environment[Store + "FaultFile"] = replica.FaultFile;
        info.Environment[Store + "Kind"] = "etcd";
        info.Environment[Store + "Endpoints"] = Options.EndpointsFor?.Invoke(replica.Name) ?? Options.StoreEndpoints;
        foreach (var (key, value) in Options.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Raises an event; a throwing subscriber is logged, never allowed to stop supervision.</summary>
    private void Raise(Action<LocalReplica>? handler, LocalReplica replica)
    {
        try
        {
            handler?.Invoke(replica);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A replica event handler failed for {Replica}", replica.Name);
        }
    }

    private static void WriteLog(StreamWriter log, Lock gate, string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            try
            {
                log.WriteLine(prefix + line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
