using dotnet_etcd;
using Etcdserverpb;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Etcd.Internal;
using ResilienceLab.Hosting;
using Xunit.Abstractions;

namespace ResilienceLab.Coordination.Tests.Etcd.Security;

/// <summary>
/// A real etcd with <c>auth enable</c>: root plus a least-privilege user whose role may only read and write
/// <c>/app/</c>, as a team's etcd is set up.
/// </summary>
public sealed class EtcdAuthTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string RootPassword = "root-Pa55-4f1c";
    private const string WorkerPassword = "worker-Pa55-9a7e";
    private EtcdCluster _cluster = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1 });
        await _cluster.EnableAuthAsync(RootPassword, [new EtcdAuthUser("worker", WorkerPassword, ["/app/"])]);
        _directory = Directory.CreateTempSubdirectory("reslab-auth-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PutAsync_LeastPrivilegeUserOnItsPrefix_WritesAndReadsBack()
    {
        await using var store = CreateStore("worker", WorkerPassword);

        await store.PutAsync("/app/k", "v");
        var read = await store.GetAsync("/app/", prefix: true);

        Assert.Equal("v", Assert.Single(read.Kvs).Value);
        Assert.Equal(1, store.Authentications);
    }

    [Fact]
    public async Task PutAsync_NoCredentials_SaysAuthenticationIsRequired()
    {
        await using var store = _cluster.CreateStore(o => o.CallTimeout = TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<EtcdAuthenticationException>(() => store.PutAsync("/app/k", "v"));

        Assert.Contains(_cluster.ClientEndpoints[0], error.Message);
        Assert.Contains("requires authentication", error.Message);
    }

    [Fact]
    public async Task GetAsync_WrongPassword_ErrorNamesEndpointAndUserButNotThePassword()
    {
        const string Wrong = "not-the-Pa55word";
        await using var store = CreateStore("worker", Wrong);

        var error = await Assert.ThrowsAsync<EtcdAuthenticationException>(() => store.GetAsync("/app/k"));

        Assert.Equal(_cluster.ClientEndpoints[0], error.Endpoint);
        Assert.Equal("worker", error.Username);
        Assert.Contains(_cluster.ClientEndpoints[0], error.Message);
        Assert.Contains("'worker'", error.Message);
        Assert.DoesNotContain(Wrong, error.ToString());
    }

    [Fact]
    public async Task PutAsync_OutsideTheRolesPrefix_ErrorNamesTheKeyAndUser()
    {
        await using var store = CreateStore("worker", WorkerPassword);

        var error = await Assert.ThrowsAsync<EtcdPermissionDeniedException>(() => store.PutAsync("/other/k", "v"));
        var prefixRead = await Assert.ThrowsAsync<EtcdPermissionDeniedException>(() => store.GetAsync("/other/", prefix: true));

        Assert.Equal("/other/k", error.Key);
        Assert.Contains("'/other/k'", error.Message);
        Assert.Contains("'worker'", error.Message);
        Assert.Contains("'/other/'", prefixRead.Message);
    }

    [Fact]
    public async Task WatchAsync_LeastPrivilegeUser_SeesAPutOnItsPrefix()
    {
        await using var store = CreateStore("worker", WorkerPassword);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
        var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync("/app/w/", prefix: true, created: r => created.TrySetResult(r), cancellationToken: cancel.Token))
            {
                return change.Kv.Value;
            }

            return null;
        });

        await created.Task.WaitAsync(cancel.Token);
        await store.PutAsync("/app/w/1", "seen");

        Assert.Equal("seen", await watching.WaitAsync(cancel.Token));
    }

    [Fact]
    public async Task PutAsync_TokensRevokedByAuthDisableAndEnable_ReauthenticatesAndSucceeds()
    {
        await using var store = CreateStore("worker", WorkerPassword);
        await store.PutAsync("/app/r", "1");

        await RevokeAllTokensAsync();
        var started = TimeProvider.System.GetTimestamp();
        var put = await store.PutAsync("/app/r", "2");
        var recovery = TimeProvider.System.GetElapsedTime(started);

        Assert.True(put.Revision > 0);
        Assert.Equal("2", Assert.Single((await store.GetAsync("/app/r")).Kvs).Value);
        Assert.Equal(2, store.Authentications);
        output.WriteLine($"first call after the tokens were revoked (re-authenticate + resend): {recovery.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public async Task GrantLeaseAsync_TokensRevoked_ReauthenticatesAndKeepAliveGoesOn()
    {
        await using var store = CreateStore("worker", WorkerPassword);
        var first = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30));

        await RevokeAllTokensAsync();
        var second = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30));

        Assert.NotEqual(first.Id, second.Id);
        Assert.True(await store.KeepAliveOnceAsync(first.Id) > TimeSpan.Zero);
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public async Task WatchAsync_NewWatchOnStreamOpenedBeforeTokensRevoked_IsCreatedAndSeesAPut()
    {
        await using var store = CreateStore("worker", WorkerPassword);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);

        // The first watch opens the member's shared watch stream with the first token; the stream outlives the watch.
        await WatchUntilCreatedAsync(store, "/app/first/", cancel.Token);
        await RevokeAllTokensAsync();

        // The next watch is the first call after the revocation: its create goes out on the stream that still carries
        // the revoked token.
        var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = FirstValueAsync(store, "/app/w/", created, cancel.Token);
        await created.Task.WaitAsync(cancel.Token);
        await store.PutAsync("/app/w/1", "seen");

        Assert.Equal("seen", await watching.WaitAsync(cancel.Token));
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public async Task WatchAsync_OutsideTheRolesPrefix_FailsNamingTheKeyInsteadOfRetrying()
    {
        await using var store = CreateStore("worker", WorkerPassword);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);

        var error = await Assert.ThrowsAsync<EtcdPermissionDeniedException>(() => WatchUntilCreatedAsync(store, "/other/", cancel.Token));

        Assert.Contains("'/other/'", error.Message);
        Assert.Contains("'worker'", error.Message);
    }

    [Fact]
    public async Task AcquireAsync_TokensRevokedWhileWaitersQueued_EachWaiterGetsTheLockInTurn()
    {
        const string Lock = "/app/locks/job";
        await using var holderStore = CreateStore("worker", WorkerPassword);
        await using var waiterStore = CreateStore("worker", WorkerPassword);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
        var sessionOptions = new SessionOptions { Ttl = TimeSpan.FromSeconds(10) };
        var holder = await Session.CreateAsync(holderStore, sessionOptions, TimeProvider.System, cancel.Token);
        var first = await Session.CreateAsync(waiterStore, sessionOptions, TimeProvider.System, cancel.Token);
        var second = await Session.CreateAsync(waiterStore, sessionOptions, TimeProvider.System, cancel.Token);
        var held = await new DistributedLock(holder, Lock).AcquireAsync(cancel.Token);

        // The first waiter queues and watches the holder's key on its client's shared watch stream.
        var firstAcquiring = new DistributedLock(first, Lock).AcquireAsync(cancel.Token);
        await WaitQueuedAsync(holderStore, Lock, 2, cancel.Token);
        await RevokeAllTokensAsync();

        // The second waiter queues after the revocation: its watch create goes out on the stream opened with the old token.
        var secondAcquiring = new DistributedLock(second, Lock).AcquireAsync(cancel.Token);
        await WaitQueuedAsync(holderStore, Lock, 3, cancel.Token);
        await held.ReleaseAsync(cancel.Token);
        var firstHandle = await firstAcquiring.WaitAsync(cancel.Token);
        Assert.False(secondAcquiring.IsCompleted, "the second waiter got the lock while the first held it");
        await firstHandle.ReleaseAsync(cancel.Token);
        var secondHandle = await secondAcquiring.WaitAsync(cancel.Token);

        Assert.True(secondHandle.Token > firstHandle.Token);
        await secondHandle.ReleaseAsync(cancel.Token);
        await Task.WhenAll(holder.CloseAsync(), first.CloseAsync(), second.CloseAsync());
    }

    [Fact]
    public async Task GetAsync_PasswordChangedAndSecretFileRotated_AuthenticatesWithTheNewPassword()
    {
        var file = Path.Combine(_directory, "password");
        await File.WriteAllTextAsync(file, WorkerPassword + "\n");
        await using var store = _cluster.CreateStore(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(3);
            o.Username = "worker";
            o.PasswordFile = file;
        });
        await store.PutAsync("/app/p", "1");

        // Changing a password bumps the auth revision: etcd then rejects every older token ("revision of auth store is old").
        const string Rotated = "worker-Rotated-77";
        using (var root = await RootClientAsync())
        {
            await root.client.UserChangePasswordAsync(new AuthUserChangePasswordRequest { Name = "worker", Password = Rotated }, root.headers);
        }

        await File.WriteAllTextAsync(file, Rotated + "\n");

        Assert.Equal("1", Assert.Single((await store.GetAsync("/app/p")).Kvs).Value);
        Assert.Equal(2, store.Authentications);
    }

    [Fact]
    public void ToString_WithPassword_LeavesThePasswordOut()
    {
        var options = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Username = "worker", Password = WorkerPassword };

        var text = options.ToString();

        Assert.Contains("worker", text);
        Assert.DoesNotContain(WorkerPassword, text);
    }

    [Fact]
    public void GetValidationErrors_UserWithoutPasswordOrMissingFile_ExplainsEach()
    {
        var noPassword = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Username = "worker" };
        var missingFile = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Username = "worker", PasswordFile = "/nonexistent/pw" };
        var both = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Username = "worker", Password = "x", PasswordFile = "/nonexistent/pw" };
        var noUser = new EtcdStoreOptions { Endpoints = ["http://127.0.0.1:2379"], Password = "x" };

        Assert.Contains(noPassword.GetValidationErrors(), e => e.Contains("has no password", StringComparison.Ordinal));
        Assert.Contains(missingFile.GetValidationErrors(), e => e.Contains("/nonexistent/pw", StringComparison.Ordinal));
        Assert.Contains(both.GetValidationErrors(), e => e.Contains("both Password and PasswordFile", StringComparison.Ordinal));
        Assert.Contains(noUser.GetValidationErrors(), e => e.Contains("without a Username", StringComparison.Ordinal));
        Assert.DoesNotContain(both.GetValidationErrors(), e => e.Contains("\"x\"", StringComparison.Ordinal));
    }

    private EtcdKeyValueStore CreateStore(string user, string password) =>
        _cluster.CreateStore(o =>
        {
            o.CallTimeout = TimeSpan.FromSeconds(3);
            o.Username = user;
            o.Password = password;
        });

    /// <summary>Opens a watch, waits for etcd to confirm it, and ends it (the member's watch stream stays open).</summary>
    private static async Task WatchUntilCreatedAsync(EtcdKeyValueStore store, string prefix, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = FirstValueAsync(store, prefix, created, stop.Token);
        if (await Task.WhenAny(created.Task, watching) == watching)
        {
            await watching; // rethrows why the watch could not be created
        }

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    private static Task<string?> FirstValueAsync(EtcdKeyValueStore store, string prefix, TaskCompletionSource<long> created, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            await foreach (var change in store.WatchAsync(prefix, prefix: true, created: r => created.TrySetResult(r), cancellationToken: cancellationToken))
            {
                return change.Kv.Value;
            }

            return null;
        });

    /// <summary>Polls until <paramref name="count"/> contenders' keys are queued under the lock (bounded by the token).</summary>
    private static async Task WaitQueuedAsync(EtcdKeyValueStore store, string name, int count, CancellationToken cancellationToken)
    {
        while ((await store.GetAsync(name + "/", prefix: true, cancellationToken)).Kvs.Count < count)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary><c>etcdctl auth disable</c> then <c>auth enable</c>: etcd forgets every simple token it issued.</summary>
    private async Task RevokeAllTokensAsync()
    {
        using var root = await RootClientAsync();
        await root.client.AuthDisableAsync(new AuthDisableRequest(), root.headers);
        await root.client.AuthEnableAsync(new AuthEnableRequest());
    }

    private async Task<RootClient> RootClientAsync()
    {
        var client = EtcdEndpointRing.CreateClient(_cluster.ClientEndpoints[0]);
        var token = await client.AuthenticateAsync(new AuthenticateRequest { Name = EtcdCluster.RootUser, Password = RootPassword });
        return new RootClient(client, new Grpc.Core.Metadata { { EtcdAuthSession.TokenHeader, token.Token } });
    }

    private sealed record RootClient(EtcdClient client, Grpc.Core.Metadata headers) : IDisposable
    {
        public void Dispose() => client.Dispose();
    }
}
