using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Hosting;
using ResilienceLab.Kubernetes.Tests.Infrastructure;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>
/// The agent sidecars of emulated worker pods, as k8s/agent/30-worker-agent.yaml deploys them: one real
/// <c>reslab-worker agent</c> process per pod, named after the pod, reading the token from a file (the Secret), running
/// one localhost fault proxy per etcd endpoint that the pod's worker connects through, and sharing the worker's fault
/// file. In a cluster every pod has the same ports on its own IP; here all pods share 127.0.0.1, so each gets free ports.
/// </summary>
internal sealed class AgentSidecars(string storeEndpoints, string tokenFile, string logDirectory, TimeSpan leaseTtl) : IDisposable
{
    private readonly ConcurrentDictionary<string, int[]> _ports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildProcess> _agents = new(StringComparer.Ordinal);

    private string[] Upstreams => storeEndpoints.Split(',');

    /// <summary>The worker's store endpoints: its agent's proxies (allocated on first use for the pod).</summary>
    public string EndpointsFor(string pod) =>
        string.Join(',', Ports(pod).Skip(1).Select(p => $"http://127.0.0.1:{p}"));

    /// <summary>The port of the pod's agent API.</summary>
    public int AgentPort(string pod) => Ports(pod)[0];

    /// <summary>The agent process of <paramref name="pod"/>.</summary>
    public ChildProcess Agent(string pod) => _agents[pod];

    /// <summary>The agent's log (stdout and stderr).</summary>
    public string LogOf(string pod) => Path.Combine(logDirectory, pod + ".agent.log");

    /// <summary>Starts the agent of a pod whose worker has just started.</summary>
    public ChildProcess Start(LocalReplica worker)
    {
        var ports = Ports(worker.Name);
        // The same executable as the worker, as in the image: `reslab-worker agent`, unprivileged like the worker.
        var agentCommand = RestrictedUser.Wrap(ReplicaCommand.ReferenceWorker(WorkerBinary.Path, new Workers.ReplicaOptions()));
        var info = new ProcessStartInfo(agentCommand.FileName);
        foreach (var argument in agentCommand.Arguments.Append("agent"))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("RESLAB_", StringComparison.Ordinal) || k == "POD_NAME").ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        info.Environment["POD_NAME"] = worker.Name;
        info.Environment["RESLAB_Agent__Address"] = "127.0.0.1";
        info.Environment["RESLAB_Agent__Port"] = ports[0].ToString(CultureInfo.InvariantCulture);
        info.Environment["RESLAB_Agent__TokenFile"] = tokenFile;
        info.Environment["RESLAB_Agent__Upstreams"] = storeEndpoints;
        info.Environment["RESLAB_Agent__ProxyPorts"] = string.Join(',', ports.Skip(1));
        info.Environment["RESLAB_Agent__FaultFile"] = worker.FaultFile;
        info.Environment["RESLAB_Agent__LeaseTtl"] = leaseTtl.ToString("c", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(logDirectory);
        RestrictedUser.Open(Path.GetDirectoryName(tokenFile)!, writable: false);
        var log = LogOf(worker.Name);
        var gate = new Lock();
        var agent = ChildProcess.Start(info, new ChildProcessOptions
        {
            OnOutput = (line, _) =>
            {
                lock (gate)
                {
                    File.AppendAllText(log, line + "\n");
                }
            },
        });
        _agents[worker.Name] = agent;
        return agent;
    }

    public void Dispose()
    {
        foreach (var agent in _agents.Values)
        {
            agent.Signal(UnixSignal.Kill);
            agent.Dispose();
        }
    }

    private int[] Ports(string pod) => _ports.GetOrAdd(pod, _ => FreePorts.Allocate(1 + Upstreams.Length));
}
