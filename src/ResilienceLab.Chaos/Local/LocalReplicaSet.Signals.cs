using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.Local;

public sealed partial class LocalReplicaSet
{
    /// <summary>SIGKILL: the replica dies at once; a replacement with a new name starts after the restart delay.</summary>
    public LocalReplica Kill(string name) => Act(name, UnixSignal.Kill, paused: false);

    /// <summary>SIGTERM: the replica stops gracefully (a paused one only once resumed); then it is replaced.</summary>
    public LocalReplica Terminate(string name) => Act(name, UnixSignal.Terminate, paused: null);

    /// <summary>SIGSTOP: the replica freezes (its lease keeps running out on the server).</summary>
    public LocalReplica Pause(string name) => Act(name, UnixSignal.Stop, paused: true);

    /// <summary>SIGCONT: a paused replica runs again.</summary>
    public LocalReplica Resume(string name) => Act(name, UnixSignal.Continue, paused: false);

    private LocalReplica Act(string name, UnixSignal signal, bool? paused)
    {
        var replica = Get(name);
        if (!Signal(replica, signal))
        {
            throw new InvalidOperationException($"Replica '{name}' (pid {replica.Pid}) exited before it could be sent {signal}.");
        }

        if (paused is { } p)
        {
            replica.SetPaused(p);
        }

        return replica;
    }

    /// <summary>Signals the replica's process unless it is known to have exited (its pid may have been reused since).</summary>
    private static bool Signal(LocalReplica replica, UnixSignal signal)
    {
        return !replica.HasExited && replica.Process is { } process && process.Signal(signal);
    }
}
