using dotnet_etcd;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Benchmarks.Locks;

/// <summary>
/// One contender of the lock suite, as a separate process would be: its own connection for our lock, its own for
/// the peers (dotnet-etcd), and one session (lease, kept alive at TTL/3) that every variant's keys are bound to —
/// so ours and the peers have the same session shape by construction.
/// </summary>
internal sealed class LockContender : IAsyncDisposable
{
    private LockContender(EtcdKeyValueStore plain, CountingKeyValueStore store, Session session, Session plainSession, EtcdClient raw)
    {
        Plain = plain;
        Store = store;
        Session = session;
        PlainSession = plainSession;
        Raw = raw;
    }

    /// <summary>Our store's client, not counted (for the ablations, so they do not blur the lock's own profile).</summary>
    public EtcdKeyValueStore Plain { get; }

    /// <summary>The same client, counting every call.</summary>
    public CountingKeyValueStore Store { get; }

    public Session Session { get; }

    /// <summary>A second session, on <see cref="Plain"/>, for ablations that run our lock itself (not counted either).</summary>
    public Session PlainSession { get; }

    /// <summary>The peers' client.</summary>
    public EtcdClient Raw { get; }

    public static async Task<LockContender> CreateAsync(BenchmarkContext context)
    {
        var plain = context.CreateStore();
        var store = new CountingKeyValueStore(plain, context.Time);
        var session = await context.CreateSessionAsync(store);
        var plainSession = await context.CreateSessionAsync(plain);
        return new LockContender(plain, store, session, plainSession, context.CreateRawClient());
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await PlainSession.DisposeAsync();
        await Store.DisposeAsync();
        Raw.Dispose();
    }
}
