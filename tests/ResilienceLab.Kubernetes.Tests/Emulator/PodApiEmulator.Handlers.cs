using System.Text;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

internal sealed partial class PodApiEmulator
{
    private const string PodsPath = "/api/v1/namespaces/{ns}/pods";

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            lock (_gate)
            {
                _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            }

            try
            {
                await next(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                // A bug in the emulator: answer like an API server's internal error, with the cause for the test's message.
                await WriteAsync(context, (500, ApiStatus.ToJson(500, "InternalError", e.ToString())));
            }
        });
        app.MapGet(PodsPath, ListOrWatchAsync);
        app.MapGet(PodsPath + "/{name}", GetAsync);
        app.MapDelete(PodsPath + "/{name}", DeleteAsync);
        app.MapGet(PodsPath + "/{name}/log", LogAsync);
        MapDiscovery(app);
        app.MapFallback(context => WriteAsync(context, ApiStatus.NoSuchResource()));
    }

    private async Task ListOrWatchAsync(HttpContext context)
    {
        var ns = (string)context.GetRouteValue("ns")!;
        var query = context.Request.Query;
        var watch = query["watch"] is var w && (w == "true" || w == "1");
        if (Forbidden(ns, watch ? "watch" : "list", "pods", null) is { } denied)
        {
            await WriteAsync(context, denied);
            return;
        }

        Func<IReadOnlyDictionary<string, string>, bool> selector;
        try
        {
            selector = LabelSelector.Parse(query["labelSelector"]);
        }
        catch (FormatException e)
        {
            await WriteAsync(context, ApiStatus.BadRequest(e.Message));
            return;
        }

        if (watch)
        {
            await WatchAsync(context, ns, selector, query["resourceVersion"], query["timeoutSeconds"]);
            return;
        }

        V1PodList list;
        lock (_gate)
        {
            list = new V1PodList
            {
                ApiVersion = "v1",
                Kind = "PodList",
                Metadata = new V1ListMeta { ResourceVersion = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Items = [.. _pods.Values.Where(p => p.Namespace == ns && selector(p.Labels)).OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.ToV1Pod())],
            };
        }

        await WriteAsync(context, (200, KubernetesJson.Serialize(list)));
    }

    private async Task WatchAsync(HttpContext context, string ns, Func<IReadOnlyDictionary<string, string>, bool> selector, string? resourceVersion, string? timeoutSeconds)
    {
        // Ends when the client goes away or the emulator stops (so stopping never waits for open watches).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stop.Token);
        var aborted = ending.Token;
        var timeout = int.TryParse(timeoutSeconds, out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
        var started = _time.GetTimestamp();
        var lines = new List<string>();
        long from;
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                // No resourceVersion: the current state as synthetic ADDED events, then the changes.
                from = _resourceVersion;
                lines.AddRange(_pods.Values.Where(p => p.Namespace == ns && selector(p.Labels)).Select(p => EventLine("ADDED", KubernetesJson.Serialize(p.ToV1Pod()))));
            }
            else if (!long.TryParse(resourceVersion, out from))
            {
                from = -1;
            }
        }

        if (from < 0)
        {
            await WriteAsync(context, ApiStatus.BadRequest($"invalid resourceVersion \"{resourceVersion}\""));
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(aborted); // headers now, as the API server does, before any event
            while (!aborted.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                Task changed;
                lock (_gate)
                {
                    lines.AddRange(_events.Where(e => e.ResourceVersion > from && e.Namespace == ns && selector(e.Labels)).Select(e => EventLine(e.Type, e.ObjectJson)));
                    from = _resourceVersion;
                    changed = _changed.Task;
                }

                foreach (var line in lines)
                {
                    await context.Response.WriteAsync(line, aborted);
                }

                lines.Clear();
                await context.Response.Body.FlushAsync(aborted);
                var remaining = timeout - _time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                try
                {
                    await changed.WaitAsync(remaining, _time, aborted);
                }
                catch (TimeoutException)
                {
                    return; // timeoutSeconds reached: the server ends the watch, the client re-lists
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private async Task GetAsync(HttpContext context)
    {
        var (ns, name) = ((string)context.GetRouteValue("ns")!, (string)context.GetRouteValue("name")!);
        if (Forbidden(ns, "get", "pods", name) is { } denied)
        {
            await WriteAsync(context, denied);
            return;
        }

        string? json;
        lock (_gate)
        {
            json = _pods.TryGetValue((ns, name), out var pod) ? KubernetesJson.Serialize(pod.ToV1Pod()) : null;
        }

        await WriteAsync(context, json is null ? ApiStatus.NotFound("pods", name) : (200, json));
    }

    private async Task DeleteAsync(HttpContext context)
    {
        var (ns, name) = ((string)context.GetRouteValue("ns")!, (string)context.GetRouteValue("name")!);
        var query = context.Request.Query;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var options = string.IsNullOrWhiteSpace(text) ? new V1DeleteOptions() : KubernetesJson.Deserialize<V1DeleteOptions>(text);
        if (Forbidden(ns, "delete", "pods", name) is { } denied)
        {
            await WriteAsync(context, denied);
            return;
        }

        EmulatedPod? killed = null;
        EmulatedPod? terminated = null;
        (int, string) answer;
        lock (_gate)
        {
            if (!_pods.TryGetValue((ns, name), out var pod))
            {
                answer = ApiStatus.NotFound("pods", name);
            }
            else if (options.Preconditions?.Uid is { } uid && uid != pod.Uid)
            {
                answer = ApiStatus.UidConflict(name, uid, pod.Uid);
            }
            else
            {
                var grace = long.TryParse(query["gracePeriodSeconds"], out var g) ? g : options.GracePeriodSeconds ?? pod.GracePeriodSeconds;
                var dryRun = query["dryRun"] == "All" || options.DryRun?.Contains("All") == true;
                _deletes.Add(new DeleteRequest(ns, name, grace, dryRun, options.Preconditions?.Uid));
                if (dryRun)
                {
                    answer = (200, KubernetesJson.Serialize(pod.ToV1Pod()));
                }
                else if (grace == 0)
                {
                    // Immediate deletion: the object is gone at once; the kubelet kills the container.
                    pod.DeletionTimestamp = _time.GetUtcNow();
                    pod.DeletionGracePeriodSeconds = 0;
                    _pods.Remove((ns, name));
                    Record("DELETED", pod);
                    killed = pod;
                    answer = (200, KubernetesJson.Serialize(pod.ToV1Pod()));
                }
                else
                {
                    // Graceful: the object stays, terminating, until its container stops (or the grace period ends).
                    if (pod.DeletionTimestamp is null)
                    {
                        pod.DeletionTimestamp = _time.GetUtcNow();
                        pod.DeletionGracePeriodSeconds = grace;
                        pod.Ready = false;
                        Record("MODIFIED", pod);
                        terminated = pod;
                    }

                    answer = (200, KubernetesJson.Serialize(pod.ToV1Pod()));
                }
            }
        }

        if (killed is not null)
        {
            killed.Process.Kill();
            PodRemoved?.Invoke(killed);
        }

        terminated?.Process.Terminate();
        await WriteAsync(context, answer);
    }

    /// <summary>The 403 answer when <paramref name="verb"/> on <paramref name="resource"/> is forbidden in <paramref name="ns"/>.</summary>
    private (int, string)? Forbidden(string ns, string verb, string resource, string? name)
    {
        lock (_gate)
        {
            return IsForbidden(ns, verb, resource) ? ApiStatus.Forbidden(resource, name, verb, ns) : null;
        }
    }

    private static string EventLine(string type, string objectJson) => $"{{\"type\":\"{type}\",\"object\":{objectJson}}}\n";

    private static async Task WriteAsync(HttpContext context, (int Code, string Json) answer)
    {
        context.Response.StatusCode = answer.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Json, context.RequestAborted);
    }
}
