using System.Net;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// An in-process emulator of the Kubernetes API's pod endpoints, on 127.0.0.1 and a free port, speaking the real
/// REST contract: list (labelSelector; other query parameters tolerated), watch (chunked JSON watch events from a
/// resourceVersion), get, delete (gracePeriodSeconds in the query or the DeleteOptions body, UID preconditions,
/// server-side dryRun), the pod log (follow), with <c>Status</c> objects and their codes for 403 (namespaces or
/// verbs it is told are forbidden), 404, 409 and 400. Pods are backed by <see cref="IPodProcess"/>es; a kubelet
/// loop keeps their status (Ready when the process is ready) and ends terminating pods. Replacing deleted pods is
/// the job of the ReplicaSet-like owners (<see cref="FakeReplicaSet"/>, <see cref="WorkerReplicaSet"/>), as in a cluster.
/// </summary>
internal sealed partial class PodApiEmulator : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), EmulatedPod> _pods = [];
    private readonly List<WatchEvent> _events = [];
    private readonly HashSet<(string Namespace, string Verb, string Resource)> _forbidden = [];
    private readonly List<string> _requests = [];
    private readonly List<DeleteRequest> _deletes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private WebApplication _app = null!;
    private Task _kubelet = Task.CompletedTask;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _cutLogs = new();
    private long _resourceVersion = 1000;
    private long _uids;

    private PodApiEmulator(TimeProvider time) => _time = time;

    /// <summary>Raised (outside the lock) when a pod object left the API: deleted with grace 0, terminated, or its process died.</summary>
    public event Action<EmulatedPod>? PodRemoved;

    /// <summary>The base URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every request as "METHOD path?query", in arrival order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every DELETE the API accepted (server-side dry runs included, marked).</summary>
    public IReadOnlyList<DeleteRequest> Deletes
    {
        get
        {
            lock (_gate)
            {
                return [.. _deletes];
            }
        }
    }

    public static async Task<PodApiEmulator> StartAsync(TimeProvider? time = null)
    {
        var emulator = new PodApiEmulator(time ?? TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("RESLAB_EMULATOR_LOG") is not null) { builder.Logging.AddConsole(); }
        var app = builder.Build();
        emulator.Map(app);
        await app.StartAsync();
        emulator._app = app;
        emulator.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        emulator._kubelet = emulator.KubeletAsync(emulator._stop.Token);
        return emulator;
    }

    /// <summary>Answers 403 to <paramref name="verb"/> (get, list, watch, delete; "*" for all) on <paramref name="resource"/> in <paramref name="namespace"/>.</summary>
    public void Forbid(string @namespace, string verb = "*", string resource = "pods")
    {
        lock (_gate)
        {
            _forbidden.Add((@namespace, verb, resource));
        }
    }

    /// <summary>Drops every open log stream's connection (the containers keep running).</summary>
    public void CutLogStreams()
    {
        CancellationTokenSource cut;
        lock (_gate)
        {
            cut = _cutLogs;
            _cutLogs = new CancellationTokenSource();
        }

        cut.Cancel();
        cut.Dispose();
    }

    /// <summary>Creates a pod object (ADDED to watchers).</summary>
    public EmulatedPod AddPod(string @namespace, string name, IReadOnlyDictionary<string, string> labels, IPodProcess process, long gracePeriodSeconds = 30, IReadOnlyList<V1EnvVar>? env = null, object? owner = null, int? agentPort = null)
    {
        lock (_gate)
        {
            var pod = new EmulatedPod
            {
                Namespace = @namespace,
                Name = name,
                Uid = NewUid(),
                Labels = labels,
                Process = process,
                CreatedAt = _time.GetUtcNow(),
                GracePeriodSeconds = gracePeriodSeconds,
                Env = env ?? [],
                Owner = owner,
                AgentPort = agentPort,
                Started = process.Started,
                Ready = process.Started && process.Ready,
            };
            if (!_pods.TryAdd((@namespace, name), pod))
            {
                throw new InvalidOperationException($"pod {@namespace}/{name} already exists");
            }

            Record("ADDED", pod);
            return pod;
        }
    }

    /// <summary>Replaces the pod by a new object with the same name and a new UID (as a StatefulSet does), keeping its process.</summary>
    public string Recreate(string @namespace, string name)
    {
        lock (_gate)
        {
            var pod = _pods[(@namespace, name)];
            Record("DELETED", pod);
            pod.Uid = NewUid();
            Record("ADDED", pod);
            return pod.Uid;
        }
    }

    /// <summary>The pods in <paramref name="namespace"/> now.</summary>
    public IReadOnlyList<EmulatedPod> Pods(string @namespace)
    {
        lock (_gate)
        {
            return [.. _pods.Values.Where(p => p.Namespace == @namespace).OrderBy(p => p.CreatedAt)];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the pods of <paramref name="namespace"/>.</summary>
    public async Task WaitUntilAsync(string @namespace, Func<IReadOnlyList<EmulatedPod>, bool> condition, TimeSpan timeout)
    {
        var started = _time.GetTimestamp();
        while (!condition(Pods(@namespace)))
        {
            if (_time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"pods of {@namespace} did not reach the expected state within {timeout}: {string.Join(", ", Pods(@namespace).Select(p => $"{p.Name} ready={p.Ready} deleting={p.DeletionTimestamp is not null}"))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _kubelet;
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stop.Dispose();
        _cutLogs.Dispose();
    }

    private string NewUid() => $"4f5e{Interlocked.Increment(ref _uids):x8}-0000-4000-8000-{_time.GetUtcNow().Ticks % 1_000_000_000_000:x12}";

    /// <summary>Records a change for watchers (under the lock) and wakes them.</summary>
    private void Record(string type, EmulatedPod pod)
    {
        pod.ResourceVersion = ++_resourceVersion;
        _events.Add(new WatchEvent(pod.ResourceVersion, pod.Namespace, type, pod.Labels, k8s.KubernetesJson.Serialize(pod.ToV1Pod())));
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private bool IsForbidden(string @namespace, string verb, string resource) =>
        _forbidden.Contains((@namespace, verb, resource)) || _forbidden.Contains((@namespace, "*", resource));

    /// <summary>The kubelet: keeps status in line with the processes, SIGKILLs pods past their grace period, removes stopped ones.</summary>
    private async Task KubeletAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var kill = new List<EmulatedPod>();
            var removed = new List<EmulatedPod>();
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                foreach (var pod in _pods.Values.ToList())
                {
                    if (pod.Process.Exited)
                    {
                        _pods.Remove((pod.Namespace, pod.Name));
                        Record("DELETED", pod);
                        removed.Add(pod);
                        continue;
                    }

                    if (pod.DeletionTimestamp is { } since && now - since >= TimeSpan.FromSeconds(pod.DeletionGracePeriodSeconds ?? 0) && !pod.KillSent)
                    {
                        pod.KillSent = true;
                        kill.Add(pod);
                    }

                    var started = pod.Process.Started;
                    var ready = started && pod.DeletionTimestamp is null && pod.Process.Ready;
                    if (started != pod.Started || ready != pod.Ready)
                    {
                        pod.Started = started;
                        pod.Ready = ready;
                        Record("MODIFIED", pod);
                    }
                }
            }

            foreach (var pod in kill)
            {
                pod.Process.Kill();
            }

            foreach (var pod in removed)
            {
                PodRemoved?.Invoke(pod);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One change as watchers see it.</summary>
    private sealed record WatchEvent(long ResourceVersion, string Namespace, string Type, IReadOnlyDictionary<string, string> Labels, string ObjectJson);
}
