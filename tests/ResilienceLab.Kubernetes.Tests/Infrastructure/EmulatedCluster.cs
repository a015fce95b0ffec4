using ResilienceLab.Kubernetes.Tests.Emulator;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>An emulator plus a target pointed at it, for tests of the target against fake pods.</summary>
internal sealed class EmulatedCluster : IAsyncDisposable
{
    public const string Ns = "reslab";

    private readonly List<IAsyncDisposable> _owned = [];

    private EmulatedCluster(PodApiEmulator emulator) => Emulator = emulator;

    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string> { ["app"] = "reslab-worker" };

    public PodApiEmulator Emulator { get; }

    public StringWriter Output { get; } = new();

    public static async Task<EmulatedCluster> StartAsync() => new(await PodApiEmulator.StartAsync());

    /// <summary>A ReplicaSet of fake pods carrying <see cref="Labels"/> in <see cref="Ns"/>.</summary>
    public FakeReplicaSet Pods(int replicas, FakePods? pods = null)
    {
        var set = new FakeReplicaSet(Emulator, Ns, Labels, replicas, pods);
        _owned.Add(set);
        return set;
    }

    /// <summary>A target on <see cref="Ns"/> and <see cref="Labels"/> through the emulator, with short deadlines.</summary>
    public KubernetesTarget CreateTarget(Action<KubernetesTargetOptions>? configure = null)
    {
        var options = new KubernetesTargetOptions
        {
            Namespace = Ns,
            Selector = Labels.ToDictionary(l => l.Key, l => l.Value),
            Replicas = 2,
            Host = Emulator.Url,
            StoreEndpoints = ["http://127.0.0.1:1"],
            ProbeStore = false, // these targets never read the store
            RequestTimeout = TimeSpan.FromSeconds(5),
            DeleteTimeout = TimeSpan.FromSeconds(5),
            ReplacementTimeout = TimeSpan.FromSeconds(10),
            LogFlushDelay = TimeSpan.FromMilliseconds(200),
            Output = Output,
        };
        configure?.Invoke(options);
        var target = new KubernetesTarget(options);
        _owned.Add(target);
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
