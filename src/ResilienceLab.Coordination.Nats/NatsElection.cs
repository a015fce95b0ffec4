using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// Leader election on NATS, the same idea as <see cref="NatsLock"/>: the leader is whoever created the entry
/// <c>&lt;name&gt;</c> in the locks bucket; its value carries the proclamation; the term is the revision it was created at.
/// Candidates poll. One instance per campaign.
/// </summary>
internal sealed class NatsElection : ILeaderElection
{
    private readonly NatsCoordinationSession _session;
    private NatsHold? _hold;

    internal NatsElection(NatsCoordinationSession session, string name)
    {
        _session = session;
        Name = name;
    }

    public string Name { get; }

    /// <summary>The term while leader, else 0.</summary>
    public long Term => _hold is { Lost.IsCancellationRequested: false } hold ? hold.Token : 0;

    public CancellationToken LeadershipLost => _hold?.Lost ?? new CancellationToken(true);

    /// <summary>Polls create-if-absent with the proclamation until leader; returns the term.</summary>
    public async Task<long> CampaignAsync(string value, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _session.Lost);
        while (true)
        {
            try
            {
                if (await NatsHold.TryCreateAsync(_session, Name, value, linked.Token) is { } hold)
                {
                    _hold = hold;
                    return hold.Token;
                }
            }
            catch (StoreUnavailableException)
            {
                // Keep polling.
            }

            await Task.Delay(_session.Backend.Options.PollInterval, _session.Calls.Time, linked.Token);
        }
    }

    /// <summary>
    /// A put fenced by the term, as a compare-and-swap: read <paramref name="key"/>, check the leader entry is still
    /// this candidate's, then write on the revision read (retrying if another write got in between). Reading before
    /// checking is what orders the writes by term; see <see cref="NatsLockHandle.FencedCompareAndSwapAsync"/> for the
    /// guarantee and its limit.
    /// </summary>
    public async Task<long> FencedPutAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        var hold = _hold ?? throw new NotLeaderException(Name, 0, "not leader");
        var data = await _session.Backend.DataBucketAsync(cancellationToken);
        NatsKeys.Check(key);
        while (true)
        {
            var current = await NatsCas.GetAsync(_session.Calls, data, key, cancellationToken);
            if (!await hold.StillHeldAsync(cancellationToken))
            {
                throw new NotLeaderException(Name, hold.Token, hold.LostReason ?? "the leader entry is no longer this candidate's");
            }

            if (await NatsCas.CompareAndSwapAsync(_session.Calls, data, key, value, current?.Revision ?? 0, cancellationToken) is { } revision)
            {
                return revision;
            }
        }
    }

    /// <summary>Deletes the leader entry if it is still this term's.</summary>
    public Task ResignAsync(CancellationToken cancellationToken = default) =>
        _hold is { } hold ? hold.ReleaseAsync(cancellationToken) : Task.CompletedTask;
}
