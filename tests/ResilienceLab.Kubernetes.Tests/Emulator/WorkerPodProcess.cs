using System.Text;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Hosting;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// A pod's container as a real worker process of a <see cref="LocalReplicaSet"/>; its log is the process's stdout and
/// stderr. With an <paramref name="agent"/> sidecar, deleting the pod stops both containers, as a kubelet does.
/// </summary>
internal sealed class WorkerPodProcess(LocalReplicaSet set, LocalReplica replica, ChildProcess? agent = null) : IPodProcess
{
    public bool Started => true;

    public bool Ready => replica.IsReady && !replica.HasExited;

    public bool Exited => replica.HasExited;

    public void Kill()
    {
        agent?.Signal(UnixSignal.Kill);
        Signal(set.Kill);
    }

    public void Terminate()
    {
        agent?.Signal(UnixSignal.Terminate);
        Signal(set.Terminate);
    }

    public (string Text, long Next) ReadLog(long offset)
    {
        try
        {
            using var stream = new FileStream(replica.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= offset)
            {
                return ("", offset);
            }

            stream.Seek(offset, SeekOrigin.Begin);
            var bytes = new byte[stream.Length - offset];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);

            // Only whole lines: the rest is read with the next chunk (the writer appends whole lines anyway).
            var end = Array.LastIndexOf(bytes, (byte)'\n', read - 1) + 1;
            return end == 0 ? ("", offset) : (Encoding.UTF8.GetString(bytes, 0, end), offset + end);
        }
        catch (FileNotFoundException)
        {
            return ("", offset);
        }
    }

    private void Signal(Func<string, LocalReplica> signal)
    {
        try
        {
            signal(replica.Name);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It exited already: nothing left to signal.
        }
    }
}
