using NATS.Client.JetStream.Models;
using NATS.Net;
using ResilienceLab.Coordination.Nats;

namespace ResilienceLab.Coordination.Tests.Nats;

/// <summary>What is particular to the NATS backend: one TTL per locks bucket, reads before any session, keys, options.</summary>
[Collection(NatsCollection.Name)]
public sealed class NatsCoordinationBackendTests(NatsFixture fixture)
{
    private static string Buckets() => $"n{Guid.NewGuid():N}"[..13];

    [Fact]
    public async Task OpenSessionAsync_OtherTtlThanTheBucket_ThrowsNamingBoth()
    {
        var buckets = Buckets();
        await using var first = fixture.CreateBackend(buckets);
        await using var second = fixture.CreateBackend(buckets);
        await using var session = await first.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(2) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }));

        Assert.Contains("00:00:02", error.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:05", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{buckets}-locks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstUse_ManyReplicasCreateTheBucketsAtOnce_EveryOneOpensThemAndWrites()
    {
        // Replicas starting together all create the buckets; the server answers a loser "stream name already in use" or
        // "subjects overlap with an existing stream" (two creates of one stream race past its name check): it opens it.
        const int Rounds = 100, Replicas = 8;
        for (var round = 0; round < Rounds; round++)
        {
            var buckets = Buckets();
            var backends = Enumerable.Range(0, Replicas).Select(_ => fixture.CreateBackend(buckets)).ToArray();
            try
            {
                var opened = backends.Select(async backend =>
                {
                    await Task.Yield();
                    var data = backend.DataBucketAsync(CancellationToken.None);
                    var session = await backend.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(2) });
                    await data;
                    return session;
                });
                var sessions = await Task.WhenAll(opened);

                // Once every replica has its buckets (nats-server 2.9 may not answer a call sent while two replicas create
                // one bucket for the first time, so the calls wait until then), each writes and another reads it back.

                var writes = await Task.WhenAll(backends.Select((backend, i) => backend.Register($"/r{i}").CompareAndSwapAsync(0, $"{i}")));
                Assert.All(writes, revision => Assert.NotNull(revision));
                for (var i = 0; i < Replicas; i++)
                {
                    Assert.Equal($"{i}", (await backends[(i + 1) % Replicas].Register($"/r{i}").ReadAsync()).Value);
                }

                foreach (var session in sessions)
                {
                    await session.DisposeAsync();
                }
            }
            finally
            {
                foreach (var backend in backends)
                {
                    await backend.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public async Task FirstUse_AnotherStreamTakesTheBucketsSubjects_ThrowsNamingTheBucketAndSubjects()
    {
        var buckets = Buckets();
        await using (var nats = new NatsClient(fixture.Server.Url))
        {
            await nats.CreateJetStreamContext().CreateStreamAsync(new StreamConfig($"{buckets}-squatter", [$"$KV.{buckets}-data.>"]));
        }

        await using var backend = fixture.CreateBackend(buckets);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.Register("/r").ReadAsync());
        Assert.Contains($"'{buckets}-data'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"$KV.{buckets}-data.>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HolderAsync_BeforeAnySession_IsNullAndReadsAreEmpty()
    {
        await using var backend = fixture.CreateBackend(Buckets());

        Assert.Null(await backend.HolderAsync("/locks/tasks/0"));
        Assert.Empty(await backend.HoldersAsync("/locks/"));
        Assert.Empty((await backend.ReadPrefixAsync("/tasks/")).Entries);
        Assert.Null((await backend.ReadAsync("/config/workers")).Single);
    }

    [Fact]
    public async Task ReadPrefixAsync_KeysUnderAndBesideThePrefix_ReturnsOnlyThoseUnderSortedWithRevisions()
    {
        await using var backend = fixture.CreateBackend(Buckets());
        var r1 = await backend.PutAsync("/tasks/1", "3");
        var r0 = await backend.PutAsync("/tasks/0", "7");
        await backend.PutAsync("/taskset", "x");

        var read = await backend.ReadPrefixAsync("/tasks/");

        Assert.Equal([("/tasks/0", "7", r0), ("/tasks/1", "3", r1)], read.Entries.Select(e => (e.Key, e.Value, e.Revision)));
        Assert.Equal(Math.Max(r0, r1), read.Revision);
    }

    [Fact]
    public async Task HoldersAsync_TwoLocksHeld_ListsBothWithOwnersAndTokens()
    {
        await using var backend = fixture.CreateBackend(Buckets());
        await using var session = await backend.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(2) });
        var a = await session.CreateLock("/locks/tasks/0", "replica-0").AcquireAsync();
        var b = await session.CreateLock("/locks/tasks/1", "replica-1").AcquireAsync();

        var holders = await backend.HoldersAsync("/locks/tasks/");

        Assert.Equal([("/locks/tasks/0", "replica-0", a.Token, a.Key), ("/locks/tasks/1", "replica-1", b.Token, b.Key)], holders.Select(h => (h.Name, h.Owner, h.Token, h.Key)));
        Assert.True(b.Token > a.Token);
    }

    [Fact]
    public async Task CreateLock_KeyNatsRejects_ThrowsArgumentException()
    {
        await using var backend = fixture.CreateBackend(Buckets());
        await using var session = await backend.OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(2) });

        var error = Assert.Throws<ArgumentException>(() => session.CreateLock("/locks/task 7"));
        Assert.Contains("'/locks/task 7'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BadUrlAndPrefix_ListsEveryProblem()
    {
        var errors = new NatsBackendOptions { Url = "http://127.0.0.1:4222", BucketPrefix = "a.b", PollInterval = TimeSpan.Zero }.GetValidationErrors();

        Assert.Contains(errors, e => e.StartsWith("NatsBackendOptions.Url:", StringComparison.Ordinal) && e.Contains("nats://", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("NatsBackendOptions.BucketPrefix:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("NatsBackendOptions.PollInterval:", StringComparison.Ordinal));
    }
}
