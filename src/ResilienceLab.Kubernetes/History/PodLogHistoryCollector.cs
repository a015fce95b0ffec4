using k8s;
using k8s.Autorest;
using k8s.Models;
using ResilienceLab.History;
using ResilienceLab.Kubernetes.Api;
using ResilienceLab.Kubernetes.Pods;

namespace ResilienceLab.Kubernetes.History;

/// <summary>
/// Collects the workers' histories from their pods' logs. A worker in a pod writes its history to stdout
/// (<c>RESLAB_Replica__HistoryPath=/dev/stdout</c>), one JSON object per line between its log lines. For every pod
/// of the selector the collector opens a log stream with <c>follow=true</c> from the container's start, as soon
/// as the pod appears, and keeps the JSON lines in memory. A deleted pod's log disappears with it, but the stream
/// already opened delivers everything the container wrote until it stops; so the history outlives the pod
/// without any write to the store under test and without a volume. A stream cut while the container still runs is
/// re-opened and the lines already read are skipped; a container restarted in place is read from its start
/// (its <c>process.start</c> event begins a new incarnation in the history).
/// </summary>
internal sealed class PodLogHistoryCollector(IKubernetes client, string @namespace, string? container, string apiServer, TimeProvider time, Func<string, V1Pod?> lookup) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PodLog> _logs = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>Starts following <paramref name="pod"/> unless it is already followed (or collection has ended).</summary>
    public void Track(V1Pod pod)
    {
        var name = pod.Name();
        PodLog log;
        lock (_gate)
        {
            if (_stopped || _logs.ContainsKey(name) || pod.IsFinished())
            {
                return;
            }

            log = new PodLog(name, _logs.Count);
            _logs[name] = log;
        }

        log.Following = FollowAsync(log, pod.HistoryContainer(container), log.Stop.Token);
    }

    /// <summary>The pod left the API: its stream ends when its container stops; no new stream is opened.</summary>
    public void Forget(V1Pod pod)
    {
        lock (_gate)
        {
            if (_logs.TryGetValue(pod.Name(), out var log))
            {
                log.Gone = true;
            }
        }
    }

    /// <summary>Whether a log stream of <paramref name="pod"/> is open (its history is being collected).</summary>
    public bool IsAttached(string pod)
    {
        lock (_gate)
        {
            return _logs.TryGetValue(pod, out var log) && log.IsAttached;
        }
    }

    /// <summary>Waits until the log of <paramref name="pod"/> is attached; throws what prevented it (e.g. 403 on pods/log).</summary>
    public async Task<bool> WaitAttachedAsync(string pod, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PodLog? log;
        lock (_gate)
        {
            log = _logs.GetValueOrDefault(pod);
        }

        if (log is null)
        {
            return false;
        }

        try
        {
            await log.Attached.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Pods followed so far, in the order first seen.</summary>
    public IReadOnlyList<PodLog> Logs
    {
        get
        {
            lock (_gate)
            {
                return [.. _logs.Values.OrderBy(l => l.Order)];
            }
        }
    }

    /// <summary>The history read so far from <paramref name="pod"/> (for drain checks while the run goes on).</summary>
    public IReadOnlyList<HistoryEntry> EntriesOf(string pod)
    {
        PodLog? log;
        lock (_gate)
        {
            log = _logs.GetValueOrDefault(pod);
        }

        return log is null ? [] : HistoryReader.Read([log.ToSource(@namespace)]).History.Entries;
    }

    /// <summary>
    /// Ends collection: streams of pods that are gone are read to their end (bounded by <paramref name="goneTimeout"/>);
    /// streams of live pods are read for <paramref name="flushDelay"/> more, then closed.
    /// </summary>
    public async Task StopAsync(TimeSpan flushDelay, TimeSpan goneTimeout)
    {
        List<PodLog> logs;
        lock (_gate)
        {
            _stopped = true;
            logs = [.. _logs.Values];
        }

        if (flushDelay > TimeSpan.Zero)
        {
            await Task.Delay(flushDelay, time);
        }

        foreach (var log in logs.Where(l => !l.Gone))
        {
            log.Stop.Cancel();
        }

        try
        {
            await Task.WhenAll(logs.Select(l => l.Following)).WaitAsync(goneTimeout, time);
        }
        catch (TimeoutException)
        {
            foreach (var log in logs)
            {
                log.Stop.Cancel();
            }

            await Task.WhenAll(logs.Select(l => l.Following));
        }
    }

    /// <summary>Every pod's history, merged and validated by the history reader (errors name the pod and line).</summary>
    public HistoryReadResult Read() => HistoryReader.Read(Logs.Select(l => l.ToSource(@namespace)));

    public async ValueTask DisposeAsync()
    {
        List<PodLog> logs;
        lock (_gate)
        {
            _stopped = true;
            logs = [.. _logs.Values];
        }

        foreach (var log in logs)
        {
            log.Stop.Cancel();
        }

        await Task.WhenAll(logs.Select(l => l.Following));
        foreach (var log in logs)
        {
            log.Stop.Dispose();
        }
    }

    private async Task FollowAsync(PodLog log, string? containerName, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var incarnation = -1;
        var consumed = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var current = lookup(log.Pod);
            var restarts = current?.RestartCount(containerName) ?? Math.Max(incarnation, 0);
            if (restarts != incarnation)
            {
                // A new container (or the first): read its log from the start.
                incarnation = restarts;
                consumed = 0;
            }

            var skip = consumed;
            try
            {
                using var response = await client.CoreV1.ReadNamespacedPodLogWithHttpMessagesAsync(log.Pod, @namespace, container: containerName, follow: true, cancellationToken: cancellationToken);
                log.MarkAttached();
                using var reader = new StreamReader(response.Body);
                var line = 0;
                while (await reader.ReadLineAsync(cancellationToken) is { } text)
                {
                    if (++line > skip)
                    {
                        log.Add(text);
                        consumed = line;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (KubernetesApiErrors.StatusCodeOf(e) == 404)
            {
                return; // the pod is gone: whatever its container wrote was read already, or never will be
            }
            catch (HttpOperationException e) when (KubernetesApiErrors.StatusCodeOf(e) is 401 or 403)
            {
                log.Fail(KubernetesApiErrors.Translate(e, "get", "pods/log", @namespace, log.Pod, apiServer));
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException)
            {
                // 400 while the container is being created, or a cut connection: try again shortly.
            }

            var now = lookup(log.Pod);
            if (log.Gone || now is null || now.IsDeleting() && now.RestartCount(containerName) == incarnation || now.IsFinished())
            {
                return; // the container stopped and the pod is going: its log is complete
            }

            try
            {
                await Task.Delay(KubernetesTargetConstants.RetryDelay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
