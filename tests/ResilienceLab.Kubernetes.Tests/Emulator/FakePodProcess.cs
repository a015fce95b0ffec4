using System.Text;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>A scripted container: starts after a delay, is ready after another, prints what the test writes, stops on signals.</summary>
internal sealed class FakePodProcess(TimeProvider time, TimeSpan startDelay, TimeSpan readyDelay, TimeSpan shutdownTime) : IPodProcess
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _log = new();
    private readonly long _created = time.GetTimestamp();
    private long? _terminatedAt;
    private bool _killed;

    public bool Started => time.GetElapsedTime(_created) >= startDelay;

    public bool Ready => !Exited && time.GetElapsedTime(_created) >= startDelay + readyDelay;

    public bool Exited
    {
        get
        {
            lock (_gate)
            {
                return HasStopped();
            }
        }
    }

    public int Signals { get; private set; }

    public void Kill()
    {
        lock (_gate)
        {
            _killed = true;
            Signals++;
        }
    }

    public void Terminate()
    {
        lock (_gate)
        {
            _terminatedAt ??= time.GetTimestamp();
            Signals++;
            _log.Append("2026-11-24T00:00:00.000Z info: Microsoft.Hosting.Lifetime[0] Application is shutting down...\n");
        }
    }

    /// <summary>Prints one line on the container's stdout (ignored once it has stopped, like a dead process).</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            if (!HasStopped())
            {
                _log.Append(line).Append('\n');
            }
        }
    }

    private bool HasStopped() => _killed || _terminatedAt is { } t && time.GetElapsedTime(t) >= shutdownTime;

    public (string Text, long Next) ReadLog(long offset)
    {
        lock (_gate)
        {
            return offset >= _log.Length ? ("", offset) : (_log.ToString((int)offset, _log.Length - (int)offset), _log.Length);
        }
    }
}
