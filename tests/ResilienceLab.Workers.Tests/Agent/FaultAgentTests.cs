using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ResilienceLab.Hosting;
using ResilienceLab.Worker;

namespace ResilienceLab.Workers.Tests.Agent;

/// <summary>
/// The agent's faults and the controller's lease over them, on a fake clock, against a real process standing in for the
/// worker (a <c>sleep</c>: SIGSTOP and SIGCONT are real, the process table shows their effect).
/// </summary>
public sealed class FaultAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly string _faultFile = Path.Combine(Path.GetTempPath(), $"reslab-agent-faults-{Guid.NewGuid():N}");
    private ChildProcess _worker = null!;
    private FaultAgent _agent = null!;

    public Task InitializeAsync()
    {
        var info = new ProcessStartInfo("sleep");
        info.ArgumentList.Add("120");
        _worker = ChildProcess.Start(info);
        _agent = CreateSut(() => (_worker.Id, null));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _worker.Signal(UnixSignal.Kill);
        _worker.Dispose();
        File.Delete(_faultFile);
    }

    [Fact]
    public async Task CheckLease_ControllerSilentPastTheTtlWhileTheWorkerIsPaused_ResumesItAndHealsEverything()
    {
        await PauseAsync();
        _agent.Partition();
        _agent.SetStoreFault(unavailable: true, 0.5, seed: 7);
        _agent.Renew(); // the controller's last command

        _time.Advance(Ttl);
        Assert.False(_agent.CheckLease());
        Assert.Equal('T', Signals.State(_worker.Id));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(_agent.CheckLease());

        await UntilAsync(() => Signals.State(_worker.Id) is not 'T');
        var status = _agent.Status();
        Assert.Equal((false, "healthy", "", 1), (status.Paused, status.Network, status.StoreFault, status.Heals));
        Assert.Equal("", File.ReadAllText(_faultFile));
    }

    [Fact]
    public async Task CheckLease_RenewedWithinTheTtl_KeepsTheWorkerPaused()
    {
        await PauseAsync();

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Ttl - TimeSpan.FromSeconds(1));
            _agent.Renew();
            Assert.False(_agent.CheckLease());
        }

        Assert.Equal('T', Signals.State(_worker.Id));
        Assert.True(_agent.Status().Paused);
    }

    [Fact]
    public void CheckLease_NoFaultInForce_DoesNothingHoweverLongTheSilence()
    {
        _time.Advance(Ttl * 100);

        Assert.False(_agent.CheckLease());
        Assert.Equal(0, _agent.Status().Heals);
    }

    [Fact]
    public void SetStoreFault_WritesTheWorkersFaultFileAndHealClearsIt()
    {
        _agent.SetStoreFault(unavailable: false, 0.25, seed: 42);

        Assert.Equal(InjectedStoreFaults.Format(false, 0.25, 42), File.ReadAllText(_faultFile));
        _agent.Heal();
        Assert.Equal("", File.ReadAllText(_faultFile));
    }

    [Fact]
    public async Task PauseAsync_WorkerNotVisible_RefusesWithTheReason()
    {
        await using var agent = CreateSut(() => (null, "no reslab-worker process named 'w-1' is visible: the pod needs shareProcessNamespace: true"));

        var error = await Assert.ThrowsAsync<AgentRefusedException>(() => agent.PauseAsync(CancellationToken.None));

        Assert.Equal("cannot pause: no reslab-worker process named 'w-1' is visible: the pod needs shareProcessNamespace: true", error.Message);
        Assert.False(agent.Status().Paused);
    }

    [Fact]
    public async Task DisposeAsync_WhileTheWorkerIsPaused_ResumesIt()
    {
        await PauseAsync();

        await _agent.DisposeAsync();

        await UntilAsync(() => Signals.State(_worker.Id) is not 'T');
    }

    private FaultAgent CreateSut(Func<(int?, string?)> findWorker) => new(
        new AgentOptions
        {
            PodName = "w-1",
            Upstreams = "http://127.0.0.1:1",
            ProxyPorts = FreePorts.Allocate(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            FaultFile = _faultFile,
            LeaseTtl = Ttl,
        },
        _time,
        NullLogger.Instance,
        findWorker);

    /// <summary>Pauses, moving the fake clock while the agent waits for the kernel to stop every thread.</summary>
    private async Task PauseAsync()
    {
        var pause = _agent.PauseAsync(CancellationToken.None);
        for (var i = 0; i < 10_000 && !pause.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Yield();
        }

        Assert.True((await pause).Paused);
        Assert.Equal('T', Signals.State(_worker.Id));
    }

    /// <summary>Signals are delivered asynchronously: yields (no clock) until the kernel shows the effect, a bounded number of times.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100_000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
