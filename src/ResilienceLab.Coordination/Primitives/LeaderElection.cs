using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>Who leads an election: the leader key, its proclamation and its term (the key's create revision).</summary>
public sealed record LeaderInfo(string Key, string Value, long Term, long Lease);

/// <summary>
/// Leader election following etcd's concurrency.Election: the same queue as <see cref="DistributedLock"/>; the
/// leader is the key with the lowest create revision, its value the proclamation, its create revision the term.
/// Interoperates with <c>etcdctl elect &lt;name&gt; &lt;proposal&gt;</c>. The etcd implementation of <see cref="ILeaderElection"/>.
/// </summary>
public sealed class LeaderElection(Session session, string name) : ILeaderElection
{
    private long _term;
    private Leadership? _leadership;

    /// <summary>The election's key prefix.</summary>
    public string Name { get; } = name.TrimEnd('/');

    /// <summary>The session the candidate's key is bound to.</summary>
    public Session Session { get; } = session;

    /// <summary>This candidate's key.</summary>
    public string Key => Session.QueueNames(Name).Key;

    /// <summary>The term while leader, else 0.</summary>
    public long Term => Interlocked.Read(ref _term);

    /// <summary>
    /// Fires when leadership is lost (session lost, leader key deleted, resigned, or a fenced write rejected). Only valid
    /// after <see cref="CampaignAsync"/>. The first read in a term starts the watch on the leader key.
    /// </summary>
    public CancellationToken LeadershipLost => _leadership?.Lost ?? new CancellationToken(true);

    /// <summary>The compare that holds only while this candidate still leads with its term; put it in front of leader-only writes.</summary>
    public Compare Guard => Compare.CreateRevisionIs(Key, CompareOperator.Equal, Term);

    /// <summary>Queues with <paramref name="value"/> and waits until leader; returns the term.</summary>
    public async Task<long> CampaignAsync(string value, CancellationToken cancellationToken = default)
    {
        var position = Session.Bug == RecipeBug.CampaignSkipsWait
            ? await KeyQueue.EnqueueAsync(Session, Name, Key, value, cancellationToken).ConfigureAwait(false)
            : (await KeyQueue.WaitForHeadAsync(Session, Name, Key, value, "to campaign", CancellationToken.None, cancellationToken).ConfigureAwait(false))!;
        var term = position.CreateRevision;
        var previous = Interlocked.Exchange(ref _leadership, new Leadership(this, term));
        previous?.End();
        Interlocked.Exchange(ref _term, term);

        // A re-campaign with the same session reuses the key: make sure it carries the new value (etcd's Campaign
        // does the same); a key this campaign created already does.
        if (!string.Equals(position.Value, value, StringComparison.Ordinal))
        {
            await ProclaimAsync(value, cancellationToken);
        }

        return term;
    }

    /// <summary>Updates the proclamation; throws <see cref="NotLeaderException"/> if no longer leader.</summary>
    public async Task ProclaimAsync(string value, CancellationToken cancellationToken = default)
    {
        var term = Term;
        if (term == 0)
        {
            throw new NotLeaderException(Name, 0, "not campaigning");
        }

        var result = await Session.Store.TxnDirectAsync(TxnRequest.If(Guard).Then(new TxnOp.Put(Key, value, Session.LeaseId)), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            LoseLeadership();
            throw new NotLeaderException(Name, term, "the leader key is gone");
        }
    }

    /// <summary>Runs a txn fenced by the term: it commits only while this candidate still leads.</summary>
    public async Task<TxnResult> FencedTxnAsync(TxnRequest request, CancellationToken cancellationToken = default)
    {
        var term = Term;
        if (term == 0)
        {
            throw new NotLeaderException(Name, 0, "not leader");
        }

        var guarded = request with { Compares = [Guard, .. request.Compares], Failure = [new TxnOp.Get(Key), .. request.Failure] };
        var result = await Session.Store.TxnDirectAsync(guarded, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && result.Responses[0] is RangeResult own && own.Single?.CreateRevision != term)
        {
            LoseLeadership();
            throw new NotLeaderException(Name, term, "a fenced write was rejected: the leader key is gone");
        }

        return result with { Responses = result.Succeeded ? result.Responses : [.. result.Responses.Skip(1)] };
    }

    /// <summary>A put of <paramref name="key"/> fenced by the term (<see cref="Guard"/> in the same txn).</summary>
    public async Task<long> FencedPutAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        var result = await FencedTxnAsync(TxnRequest.If().Then(new TxnOp.Put(key, value)), cancellationToken);
        return result.Revision;
    }

    /// <summary>Gives up leadership (deletes the key if it is still this term's), so a peer is elected at once.</summary>
    public async Task ResignAsync(CancellationToken cancellationToken = default)
    {
        var term = Interlocked.Exchange(ref _term, 0);
        if (term == 0)
        {
            return;
        }

        try
        {
            await Session.Store.TxnDirectAsync(TxnRequest.If(Compare.CreateRevisionIs(Key, CompareOperator.Equal, term)).Then(new TxnOp.Delete(Key)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            LoseLeadership();
        }
    }

    /// <summary>The current leader, or null when nobody leads.</summary>
    public static async Task<LeaderInfo?> LeaderAsync(IKeyValueStore store, string name, CancellationToken cancellationToken = default)
    {
        var head = await KeyQueue.HeadAsync(store, name.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
        return head is null ? null : new LeaderInfo(head.Key, head.Value, head.CreateRevision, head.Lease);
    }

    /// <summary>Streams the leader each time it (or its proclamation) changes, starting with the current one; null when nobody leads.</summary>
    public static async IAsyncEnumerable<LeaderInfo?> ObserveAsync(IKeyValueStore store, string name, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prefix = name.TrimEnd('/') + "/";
        LeaderInfo? last = null;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            RangeResult snapshot;
            try
            {
                snapshot = await store.GetDirectAsync(prefix, prefix: true, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
                continue;
            }

            var queue = snapshot.Kvs.ToDictionary(kv => kv.Key, StringComparer.Ordinal);
            var current = Head(queue);
            if (first || current != last)
            {
                first = false;
                last = current;
                yield return current;
            }

            var enumerator = store.WatchAsync(prefix, prefix: true, snapshot.Revision + 1, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool moved;
                    try
                    {
                        moved = await enumerator.MoveNextAsync();
                    }
                    catch (StoreUnavailableException)
                    {
                        break;
                    }

                    if (!moved)
                    {
                        break;
                    }

                    var e = enumerator.Current;
                    if (e.Type == WatchEventType.Put)
                    {
                        queue[e.Kv.Key] = e.Kv;
                    }
                    else
                    {
                        queue.Remove(e.Kv.Key);
                    }

                    current = Head(queue);
                    if (current != last)
                    {
                        last = current;
                        yield return current;
                    }
                }
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        }
    }

    private static LeaderInfo? Head(Dictionary<string, KeyValue> queue)
    {
        var head = queue.Values.MinBy(kv => kv.CreateRevision);
        return head is null ? null : new LeaderInfo(head.Key, head.Value, head.CreateRevision, head.Lease);
    }

    private void LoseLeadership()
    {
        Interlocked.Exchange(ref _term, 0);
        _leadership?.End();
    }

    /// <summary>One term's leadership: ends when the session is lost, the leader key goes, or the candidate resigns.</summary>
    private sealed class Leadership
    {
        private readonly KeyLossSignal _lost;

        public Leadership(LeaderElection election, long term)
        {
            _lost = new KeyLossSignal(
                election.Session,
                election.Key,
                term,
                _ => End(),
                () =>
                {
                    Interlocked.CompareExchange(ref election._term, 0, term);
                    End();
                });
            if (election.Session.Bug != RecipeBug.LeadershipIgnoresSessionLoss)
            {
                // (The seeded bug, for mutation testing, does not listen to the session's loss.)
                _lost.ListenToSession();
            }
        }

        /// <summary>The first read starts the watch on the leader key (a watch stream the caller may never need).</summary>
        public CancellationToken Lost => _lost.Token;

        public void End() => _lost.Fire();
    }
}
