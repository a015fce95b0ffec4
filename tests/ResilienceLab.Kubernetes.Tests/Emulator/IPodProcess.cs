namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>What backs an emulated pod's one container: a real worker process, or a scripted fake.</summary>
internal interface IPodProcess
{
    /// <summary>The container is running (its log can be read); false while it is "ContainerCreating".</summary>
    bool Started { get; }

    /// <summary>The readiness probe passes (for a worker: its ready file exists).</summary>
    bool Ready { get; }

    /// <summary>The container has stopped and its log is complete.</summary>
    bool Exited { get; }

    /// <summary>SIGKILL.</summary>
    void Kill();

    /// <summary>SIGTERM.</summary>
    void Terminate();

    /// <summary>Complete log lines written since byte <paramref name="offset"/>, and the offset after them.</summary>
    (string Text, long Next) ReadLog(long offset);
}
