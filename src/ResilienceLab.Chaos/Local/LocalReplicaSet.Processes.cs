using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ResilienceLab.Hosting;

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
            var logGate = new Lock();
            ChildProcess process;
            try
            {
                process = ChildProcess.Start(StartInfo(replica), new ChildProcessOptions
                {
                    OnOutput = (line, isError) => WriteLog(log, logGate, line, isError ? "[stderr] " : ""),
                });
            }
            catch
            {
                log.Dispose();
                throw;
            }

            replica.Started(process, _time.GetUtcNow());
            if (Options.Command.Readiness == Plans.ReplicaReadiness.Started)
            {
                replica.MarkReady(_time.GetUtcNow());
            }

            _all.Add(replica);
            _monitors.RemoveAll(t => t.IsCompleted);
            _monitors.Add(MonitorAsync(replica, process, log, logGate));
        }

        _logger.LogInformation("Started replica {Replica} pid {Pid}", replica.Name, replica.Pid);
        Raise(ReplicaStarted, replica);
        return replica;
    }

    /// <summary>Waits for the process to exit, records it, and schedules the replacement.</summary>
    private async Task MonitorAsync(LocalReplica replica, ChildProcess process, StreamWriter log, Lock logGate)
    {
        await Task.Yield();

        // Completes once the process is reaped and both output streams are at end of file.
        await process.Exited;
        lock (logGate)
        {
            log.Dispose();
        }

        var becameReady = replica.IsReady;
        var exitCode = process.ExitCode ?? -1;
        replica.MarkExited(exitCode, _time.GetUtcNow());
        _logger.LogInformation("Replica {Replica} pid {Pid} exited with code {Code}", replica.Name, replica.Pid, exitCode);
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
        var command = Options.Command;
        var endpoints = Options.EndpointsFor?.Invoke(replica.Name) ?? Options.StoreEndpoints;
        var values = ReplicaContract.Values(replica, endpoints, Options.StoreKind, RunDirectory);
        var info = new ProcessStartInfo
        {
            FileName = command.FileName,
            WorkingDirectory = command.WorkingDirectory ?? RunDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(ReplicaContract.Expand(argument, values));
        }

        // The replica's configuration is exactly what we pass: drop anything RESLAB_* (or POD_NAME) we inherited.
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith(LocalReplicaSetConstants.EnvironmentPrefix, StringComparison.Ordinal) || k == "POD_NAME").ToList())
        {
            info.Environment.Remove(inherited);
        }

        // The runtime's debugger pipes and diagnostics socket live in TMPDIR and stay there when a replica is
        // SIGKILLed, which chaos does all the time: a replica needs neither.
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (key, value) in command.Environment)
        {
            info.Environment[key] = ReplicaContract.Expand(value, values);
        }

        // The contract: the same values every replica gets, whatever it runs.
        foreach (var (placeholder, variable) in ReplicaContract.Variables)
        {
            info.Environment[variable] = values[placeholder];
        }

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

    private static void WriteLog(StreamWriter log, Lock gate, string line, string prefix)
    {
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
