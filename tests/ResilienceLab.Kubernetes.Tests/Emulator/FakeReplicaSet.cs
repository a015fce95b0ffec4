namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// A ReplicaSet controller over <see cref="FakePodProcess"/> pods: keeps <c>replicas</c> pods with its labels, and
/// when one of its pods leaves the API it creates a replacement under a new name after <c>replacementDelay</c>.
/// </summary>
internal sealed class FakeReplicaSet : IAsyncDisposable
{
    private readonly PodApiEmulator _emulator;
    private readonly TimeProvider _time;
    private readonly List<Task> _pending = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private bool _stopped;

    public FakeReplicaSet(PodApiEmulator emulator, string @namespace, IReadOnlyDictionary<string, string> labels, int replicas, FakePods? pods = null, TimeProvider? time = null)
    {
        _emulator = emulator;
        _time = time ?? TimeProvider.System;
        Namespace = @namespace;
        Labels = labels;
        Settings = pods ?? new FakePods();
        _emulator.PodRemoved += OnRemoved;
        for (var i = 0; i < replicas; i++)
        {
            Create();
        }
    }

    public string Namespace { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>How its pods behave.</summary>
    public FakePods Settings { get; }

    /// <summary>Every process this set started, by pod name.</summary>
    public Dictionary<string, FakePodProcess> Processes { get; } = new(StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        List<Task> pending;
        lock (_gate)
        {
            _stopped = true;
            pending = [.. _pending];
        }

        _emulator.PodRemoved -= OnRemoved;
        _stop.Cancel();
        await Task.WhenAll(pending);
        _stop.Dispose();
    }

    private void Create()
    {
        var name = PodNames.Next(Settings.Prefix);
        var process = new FakePodProcess(_time, Settings.StartDelay, Settings.ReadyDelay, Settings.ShutdownTime);
        foreach (var line in Settings.Banner(name))
        {
            process.WriteLine(line);
        }

        lock (_gate)
        {
            Processes[name] = process;
        }

        _emulator.AddPod(Namespace, name, Labels, process, Settings.GracePeriodSeconds, Settings.Env, owner: this);
    }

    private void OnRemoved(EmulatedPod pod)
    {
        lock (_gate)
        {
            if (_stopped || !ReferenceEquals(pod.Owner, this))
            {
                return;
            }

            _pending.RemoveAll(t => t.IsCompleted);
            _pending.Add(ReplaceAsync());
        }
    }

    private async Task ReplaceAsync()
    {
        try
        {
            await Task.Delay(Settings.ReplacementDelay, _time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
        }

        Create();
    }
}
