using k8s;
using k8s.Autorest;
using k8s.Models;
using ResilienceLab.Kubernetes.Api;

namespace ResilienceLab.Kubernetes.Pods;

/// <summary>
/// The pods of one selector in one namespace, kept current by a list followed by a watch from the list's
/// resourceVersion; whenever the watch ends (server timeout, 410 Gone, a dropped connection) it lists again, so
/// no change is missed for long. Waiters are woken on every change. 401/403/404 are permanent: the cache stops
/// and every waiter gets the translated error.
/// </summary>
internal sealed class PodCache(IKubernetes client, string @namespace, string labelSelector, string apiServer, TimeProvider time, TimeSpan requestTimeout) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KubernetesApiException? _failure;
    private Exception? _lastError;
    private Task _loop = Task.CompletedTask;

    /// <summary>Raised after a pod was added or modified (not under the cache's lock).</summary>
    public event Action<V1Pod>? Upserted;

    /// <summary>Raised after a pod left the API (not under the cache's lock).</summary>
    public event Action<V1Pod>? Removed;

    /// <summary>The permanent failure that stopped the cache, if any.</summary>
    public KubernetesApiException? Failure => _failure;

    /// <summary>Starts listing and watching; returns once the first list arrived.</summary>
    /// <exception cref="KubernetesApiException">The list was refused (403, 404, 401) or the API server did not answer within <paramref name="timeout"/>.</exception>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _loop = RunAsync(_stop.Token);
        try
        {
            await _synced.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            var cause = _lastError ?? new TimeoutException($"no answer within {timeout}");
            throw KubernetesApiErrors.Translate(cause, "list", "pods", @namespace, apiServer: apiServer);
        }
    }

    /// <summary>The pods as last seen, oldest first.</summary>
    public IReadOnlyList<V1Pod> Snapshot()
    {
        lock (_gate)
        {
            return [.. _pods.Values.OrderBy(p => p.CreatedAt()).ThenBy(p => p.Name(), StringComparer.Ordinal)];
        }
    }

    /// <summary>The pod named <paramref name="name"/> as last seen, or null.</summary>
    public V1Pod? Find(string name)
    {
        lock (_gate)
        {
            return _pods.GetValueOrDefault(name);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the pods; false when <paramref name="timeout"/> passed first.</summary>
    /// <exception cref="KubernetesApiException">The cache failed permanently.</exception>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyList<V1Pod>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_failure is not null)
                {
                    throw _failure;
                }

                if (condition([.. _pods.Values]))
                {
                    return true;
                }

                changed = _changed.Task;
            }

            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(remaining, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported as false.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            var verb = "list";
            try
            {
                string? resourceVersion;
                using (var deadline = new CancellationTokenSource(requestTimeout, time))
                using (var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
                {
                    var list = await client.CoreV1.ListNamespacedPodAsync(@namespace, labelSelector: labelSelector, cancellationToken: call.Token);
                    Replace(list.Items ?? []);
                    resourceVersion = list.Metadata?.ResourceVersion;
                }

                _synced.TrySetResult();
                verb = "watch";
                await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync(
                    @namespace,
                    allowWatchBookmarks: true,
                    labelSelector: labelSelector,
                    resourceVersion: resourceVersion,
                    timeoutSeconds: (int)KubernetesTargetConstants.WatchWindow.TotalSeconds,
                    onError: e => _lastError = e,
                    cancellationToken: cancellationToken))
                {
                    if (type == WatchEventType.Error)
                    {
                        break; // e.g. 410 Gone: the resourceVersion is too old; list again.
                    }

                    if (pod?.Metadata?.Name is null)
                    {
                        continue; // a bookmark
                    }

                    if (type == WatchEventType.Deleted)
                    {
                        Remove(pod);
                    }
                    else if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Upsert(pod);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (KubernetesApiErrors.StatusCodeOf(e) is 401 or 403 or 404)
            {
                Fail(KubernetesApiErrors.Translate(e, verb, "pods", @namespace, apiServer: apiServer));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or HttpOperationException or KubernetesException or OperationCanceledException or System.Text.Json.JsonException)
            {
                // Transient (connection refused, stream cut, request deadline): list again after a pause.
                _lastError = e;
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

    private void Fail(KubernetesApiException failure)
    {
        lock (_gate)
        {
            _failure = failure;
            Pulse();
        }

        _synced.TrySetException(failure);
    }

    private void Replace(IList<V1Pod> pods)
    {
        List<V1Pod> removed;
        lock (_gate)
        {
            var names = pods.Select(p => p.Name()).ToHashSet(StringComparer.Ordinal);
            removed = [.. _pods.Values.Where(p => !names.Contains(p.Name()))];
            _pods.Clear();
            foreach (var pod in pods)
            {
                _pods[pod.Name()] = pod;
            }

            Pulse();
        }

        foreach (var pod in removed)
        {
            Removed?.Invoke(pod);
        }

        foreach (var pod in pods)
        {
            Upserted?.Invoke(pod);
        }
    }

    private void Upsert(V1Pod pod)
    {
        lock (_gate)
        {
            _pods[pod.Name()] = pod;
            Pulse();
        }

        Upserted?.Invoke(pod);
    }

    private void Remove(V1Pod pod)
    {
        lock (_gate)
        {
            _pods.Remove(pod.Name());
            Pulse();
        }

        Removed?.Invoke(pod);
    }

    private void Pulse()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
