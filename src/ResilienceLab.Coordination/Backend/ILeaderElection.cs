namespace ResilienceLab.Coordination;

/// <summary>A candidacy in a leader election. The term grows from leader to leader and fences leader-only writes.</summary>
public interface ILeaderElection
{
    /// <summary>The election's name, e.g. <c>/election/workers</c>.</summary>
    string Name { get; }

    /// <summary>The term while leader, else 0.</summary>
    long Term { get; }

    /// <summary>Fires when leadership is lost. Only meaningful after <see cref="CampaignAsync"/> returned.</summary>
    CancellationToken LeadershipLost { get; }

    /// <summary>Campaigns with the proclamation <paramref name="value"/> and waits until leader; returns the term.</summary>
    Task<long> CampaignAsync(string value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="key"/> fenced by the term: it commits only while this candidate
    /// leads (as far as the backend can guarantee it). Returns the revision; throws <see cref="NotLeaderException"/> when
    /// the fence rejected it.
    /// </summary>
    Task<long> FencedPutAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Gives up leadership (if still this term's), so a peer is elected at once.</summary>
    Task ResignAsync(CancellationToken cancellationToken = default);
}
