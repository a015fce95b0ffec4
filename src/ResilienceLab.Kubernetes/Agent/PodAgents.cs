using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using k8s.Models;
using ResilienceLab.Hosting;
using ResilienceLab.Kubernetes.Pods;

namespace ResilienceLab.Kubernetes.Agent;

/// <summary>
/// The controller's side of the fault agents in the worker pods (<c>reslab-worker agent</c>): finds a pod's agent by its
/// container port named <see cref="AgentProtocol.PortName"/> at the pod's IP, authenticates with the bearer token from
/// <c>target.agent.tokenFile</c>, checks every pod before the run, sends the faults, and renews the agents' lease while
/// the run lasts — an agent whose lease runs out heals and resumes its worker by itself.
/// </summary>
internal sealed class PodAgents : IAsyncDisposable
{
    private readonly Func<string, V1Pod?> _find;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestTimeout;
    private readonly TextWriter _output;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewals;
    private TimeSpan _renewInterval = TimeSpan.FromSeconds(1);

    /// <exception cref="InvalidOperationException">The token file cannot be read or is empty.</exception>
    public PodAgents(string tokenFile, Func<string, V1Pod?> find, TimeProvider time, TimeSpan requestTimeout, TextWriter output)
    {
        string token;
        try
        {
            token = File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"target.agent.tokenFile: cannot read '{tokenFile}' ({e.Message}); mount the agent token Secret there (k8s/agent/30-worker-agent.yaml).", e);
        }

        if (token.Length == 0)
        {
            throw new InvalidOperationException($"target.agent.tokenFile: '{tokenFile}' is empty; the agent token Secret must hold a token.");
        }

        _find = find;
        _time = time;
        _requestTimeout = requestTimeout;
        _output = output;
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(AgentProtocol.BearerScheme, token);
    }

    /// <summary>Whether the agent of <paramref name="pod"/> holds its worker paused.</summary>
    public bool IsPaused(string pod)
    {
        lock (_gate)
        {
            return _paused.Contains(pod);
        }
    }

    /// <summary>
    /// Checks the agent of every pod before any chaos: it is deployed, shares the worker's process namespace, accepts the
    /// token and sees its worker. Then starts renewing the agents' lease, every quarter of the shortest one.
    /// </summary>
    /// <exception cref="InvalidOperationException">One or more pods cannot take agent faults; every reason is named.</exception>
    public async Task CheckAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var ttls = new List<TimeSpan>();
        foreach (var pod in pods)
        {
            if (Problem(pod) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            try
            {
                var status = await SendAsync(pod, HttpMethod.Get, AgentProtocol.StatusPath, "", cancellationToken);
                if (status.WorkerPid is null)
                {
                    problems.Add($"the agent of pod {pod.Name()} cannot see its worker: {status.WorkerProblem}.");
                }

                ttls.Add(status.LeaseTtl);
                _output.WriteLine($"agent: pod {pod.Name()}: worker pid {status.WorkerPid}, lease {status.LeaseTtl}");
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("the plan declares target.agent, but not every pod can take agent faults: " + string.Join(" ", problems));
        }

        if (ttls.Count > 0)
        {
            _renewInterval = ttls.Min() / 4;
        }

        _renewals ??= RenewAsync(_stop.Token);
    }

    public Task PauseAsync(string pod, CancellationToken cancellationToken) => ActAsync(pod, AgentProtocol.PausePath, "", paused: true, cancellationToken);

    public Task ResumeAsync(string pod, CancellationToken cancellationToken) => ActAsync(pod, AgentProtocol.ResumePath, "", paused: false, cancellationToken);

    public Task PartitionAsync(string pod, CancellationToken cancellationToken) => ActAsync(pod, AgentProtocol.PartitionPath, "", paused: null, cancellationToken);

    public Task SetLatencyAsync(string pod, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken) => ActAsync(
        pod,
        AgentProtocol.LatencyPath,
        $"{AgentProtocol.LatencyQuery}={Uri.EscapeDataString(latency.ToString("c", CultureInfo.InvariantCulture))}&{AgentProtocol.JitterQuery}={Uri.EscapeDataString(jitter.ToString("c", CultureInfo.InvariantCulture))}",
        paused: null,
        cancellationToken);

    public Task HealAsync(string pod, CancellationToken cancellationToken) => ActAsync(pod, AgentProtocol.HealPath, "", paused: null, cancellationToken);

    public Task SetStoreFaultAsync(string pod, bool unavailable, double probability, long seed, CancellationToken cancellationToken) => ActAsync(
        pod,
        AgentProtocol.StoreFaultPath,
        string.Create(CultureInfo.InvariantCulture, $"{AgentProtocol.FaultQuery}={(unavailable ? "unavailable" : "indeterminate")}&{AgentProtocol.ProbabilityQuery}={probability}&{AgentProtocol.SeedQuery}={seed}"),
        paused: null,
        cancellationToken);

    /// <summary>Stops renewing: from now on every agent heals and resumes its worker when its lease runs out.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_renewals is not null)
        {
            await _renewals;
        }

        _http.Dispose();
        _stop.Dispose();
    }

    /// <summary>Why the pod cannot have a working agent, from its spec alone; null when it may.</summary>
    private static string? Problem(V1Pod pod)
    {
        if (AgentPort(pod) is null)
        {
            return $"pod {pod.Name()} has no agent sidecar (no container port named '{AgentProtocol.PortName}'): deploy the workers with k8s/agent/30-worker-agent.yaml, or remove target.agent from the plan.";
        }

        if (pod.Spec?.ShareProcessNamespace != true)
        {
            return $"pod {pod.Name()} does not set shareProcessNamespace: true, so its agent cannot signal the worker.";
        }

        return string.IsNullOrEmpty(pod.Status?.PodIP) ? $"pod {pod.Name()} has no IP yet." : null;
    }

    private static int? AgentPort(V1Pod pod) =>
        pod.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == AgentProtocol.PortName)?.ContainerPort;

    private async Task ActAsync(string name, string path, string query, bool? paused, CancellationToken cancellationToken)
    {
        var pod = _find(name) ?? throw new InvalidOperationException($"pod {name} is gone; its agent went with it.");
        if (Problem(pod) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        lock (_gate)
        {
            _touched.Add(name);
        }

        await SendAsync(pod, HttpMethod.Post, path, query, cancellationToken);
        if (paused is { } isPaused)
        {
            lock (_gate)
            {
                _ = isPaused ? _paused.Add(name) : _paused.Remove(name);
            }
        }
    }

    /// <exception cref="InvalidOperationException">The agent could not be reached, refused the token, or refused the operation.</exception>
    private async Task<AgentStatus> SendAsync(V1Pod pod, HttpMethod method, string path, string query, CancellationToken cancellationToken)
    {
        var ip = IPAddress.TryParse(pod.Status!.PodIP, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{pod.Status.PodIP}]" : pod.Status.PodIP;
        var url = $"http://{ip}:{AgentPort(pod)}{path}{(query.Length > 0 ? "?" + query : "")}";
        using var deadline = new CancellationTokenSource(_requestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, url);
            response = await _http.SendAsync(request, linked.Token);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"could not reach the agent of pod {pod.Name()} at {url}: {(e is OperationCanceledException ? $"no answer within {_requestTimeout}" : e.Message)}.", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => JsonSerializer.Deserialize<AgentStatus>(body, JsonSerializerOptions.Web)
                    ?? throw new InvalidOperationException($"the agent of pod {pod.Name()} answered {path} with an empty body."),
                HttpStatusCode.Unauthorized => throw new InvalidOperationException(
                    $"the agent of pod {pod.Name()} refused the controller's token (401): the file target.agent.tokenFile names must hold the token of the Secret the agents mount."),
                _ => throw new InvalidOperationException($"the agent of pod {pod.Name()} refused {path} ({(int)response.StatusCode}): {body.Trim()}"),
            };
        }
    }

    /// <summary>Renews the lease of every agent this run has sent a fault to, until disposed. A failed renewal is reported, not fatal: the next may pass.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_renewInterval, _time, cancellationToken);
                List<string> touched;
                lock (_gate)
                {
                    touched = [.. _touched];
                }

                foreach (var name in touched)
                {
                    if (_find(name) is not { } pod || pod.IsDeleting())
                    {
                        lock (_gate)
                        {
                            _touched.Remove(name);
                            _paused.Remove(name);
                        }

                        continue;
                    }

                    try
                    {
                        await SendAsync(pod, HttpMethod.Post, AgentProtocol.LeasePath, "", cancellationToken);
                    }
                    catch (InvalidOperationException e)
                    {
                        _output.WriteLine($"warning: lease renewal: {e.Message}");
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
