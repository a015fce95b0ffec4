using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

internal sealed partial class PodApiEmulator
{
    /// <summary>GET pods/{name}/log: the container's output from its start; with follow=true, until the container stops.</summary>
    private async Task LogAsync(HttpContext context)
    {
        var (ns, name) = ((string)context.GetRouteValue("ns")!, (string)context.GetRouteValue("name")!);
        var query = context.Request.Query;
        if (Forbidden(ns, "get", "pods/log", name) is { } denied)
        {
            await WriteAsync(context, denied);
            return;
        }

        EmulatedPod? pod;
        lock (_gate)
        {
            pod = _pods.GetValueOrDefault((ns, name));
        }

        if (pod is null)
        {
            await WriteAsync(context, ApiStatus.NotFound("pods", name));
            return;
        }

        if (query["container"] is { Count: > 0 } container && container != EmulatedPod.ContainerName)
        {
            await WriteAsync(context, ApiStatus.BadRequest($"container {container} is not valid for pod {name}"));
            return;
        }

        if (!pod.Process.Started)
        {
            await WriteAsync(context, ApiStatus.BadRequest($"container \"{EmulatedPod.ContainerName}\" in pod \"{name}\" is waiting to start: ContainerCreating"));
            return;
        }

        var follow = query["follow"] == "true";
        CancellationToken cut;
        lock (_gate)
        {
            cut = _cutLogs.Token;
        }

        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stop.Token, cut);
        var aborted = ending.Token;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        long offset = 0;
        try
        {
            await context.Response.StartAsync(aborted); // headers now, before the first log line
            while (!_stop.IsCancellationRequested)
            {
                var exited = pod.Process.Exited;
                var (text, next) = pod.Process.ReadLog(offset);
                offset = next;
                if (text.Length > 0)
                {
                    await context.Response.WriteAsync(text, aborted);
                    await context.Response.Body.FlushAsync(aborted);
                }

                if (!follow || exited)
                {
                    return; // like the kubelet: a follow stream ends once the container has stopped and its log is read
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, aborted);
            }
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            context.Abort(); // a dropped connection, as a proxy or a node restart would cause
        }
        catch (OperationCanceledException)
        {
        }
    }
}
