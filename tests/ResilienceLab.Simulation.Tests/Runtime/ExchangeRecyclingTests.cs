using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation.Tests.Runtime;

/// <summary>
/// A client's exchanges are used again by its later calls once nothing can touch them (the caller took the reply, the trip
/// ended, no delivery of the deadline is still queued). These calls would get another call's reply, or be cut short by
/// another call's deadline, if an exchange went back to the pool any earlier.
/// </summary>
public sealed class ExchangeRecyclingTests
{
    [Fact]
    public void GetAsync_ReplyAndDeadlineBothHeldByAPause_TheNextCallIsNotCutShortByTheOldDeadline()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var options = new SimulatedClientOptions { Latency = TimeSpan.FromMilliseconds(10), LatencyJitter = TimeSpan.Zero, CallTimeout = TimeSpan.FromMilliseconds(100), HeldRequestProbability = 0 };
        // Without a runtime clock fault, as a replica of a plan without clock-skew steps: the deadline is a slot on the world's clock.
        var process = loop.CreateProcess("caller", clockFaults: false);
        var client = store.CreateClient("caller", options, process.Clock);
        var writer = store.CreateClient("writer", options);

        var (first, second) = loop.Run(async () =>
        {
            await writer.PutAsync("/a", "1");
            await writer.PutAsync("/b", "2");
            string? first = null, second = null;
            var calls = process.Start(async () =>
            {
                first = (await client.GetAsync("/a")).Single!.Value;

                // Made the moment the first reply is taken, before the first call's deadline delivery (queued behind it) runs.
                second = (await client.GetAsync("/b")).Single!.Value;
            });

            // Paused before the reply (10 ms) and the deadline (100 ms): both wait for the resume, the reply first.
            await Task.Delay(TimeSpan.FromMilliseconds(1), loop.Clock);
            process.Pause();
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            process.Resume();
            await calls;
            return (first, second);
        }, TimeSpan.FromMinutes(1));

        Assert.Equal(("1", "2"), (first, second));
    }

    [Fact]
    public void GetAsync_ManyCallsUnderLostRepliesHeldRequestsAndPartitions_EachCallGetsItsOwnKey()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var options = new SimulatedClientOptions { Latency = TimeSpan.FromMilliseconds(8), LatencyJitter = TimeSpan.FromMilliseconds(6), CallTimeout = TimeSpan.FromMilliseconds(50), HeldRequestProbability = 0.5 };
        var random = new DeterministicRandom(11);
        var processes = Enumerable.Range(0, 4).Select(i => loop.CreateProcess($"p{i}", clockFaults: false)).ToArray();
        var clients = processes.Select(p => store.CreateClient(p.Name, options, p.Clock)).ToArray();
        foreach (var (client, process) in clients.Zip(processes))
        {
            client.Sender = process;
            client.DropReplyProbability = 0.2;
        }

        var writer = store.CreateClient("writer", options);
        var mismatches = new List<string>();
        var (answered, failed) = (0, 0);

        loop.Run(async () =>
        {
            for (var k = 0; k < 8; k++)
            {
                await writer.PutAsync($"/k/{k}", $"v{k}");
            }

            // Four callers, each with up to three calls in flight, for many keys in turn.
            var callers = new List<Task>();
            for (var c = 0; c < clients.Length; c++)
            {
                var client = clients[c];
                for (var lane = 0; lane < 3; lane++)
                {
                    var start = (c * 3) + lane;
                    callers.Add(processes[c].Start(async () =>
                    {
                        for (var i = 0; i < 150; i++)
                        {
                            var key = (start + i) % 8;
                            try
                            {
                                var value = (await client.GetAsync($"/k/{key}")).Single?.Value;
                                answered++;
                                if (value != $"v{key}")
                                {
                                    mismatches.Add($"/k/{key} -> {value ?? "nothing"}");
                                }
                            }
                            catch (StoreException)
                            {
                                failed++;
                            }
                        }
                    }));
                }
            }

            // Cuts, pauses and heals while the calls run (requests held in a cut or a paused sender's buffer arrive late).
            for (var round = 0; round < 40; round++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(20, 120)), loop.Clock);
                var c = random.Next(clients.Length);
                if (random.Chance(0.5))
                {
                    clients[c].Partitioned = !clients[c].Partitioned;
                }
                else if (processes[c].Paused)
                {
                    processes[c].Resume();
                }
                else
                {
                    processes[c].Pause();
                }
            }

            foreach (var (client, process) in clients.Zip(processes))
            {
                client.Partitioned = false;
                if (process.Paused)
                {
                    process.Resume();
                }
            }

            await Task.WhenAll(callers);
        }, TimeSpan.FromMinutes(5));

        Assert.Empty(mismatches);
        Assert.Equal(4 * 3 * 150, answered + failed);
        Assert.InRange(failed, 1, answered);
    }
}
