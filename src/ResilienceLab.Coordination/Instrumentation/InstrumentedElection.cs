using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>
/// A candidacy that records <c>leader.campaign</c> (ok with the term), <c>leader.lost</c> at the moment leadership is lost,
/// <c>leader.resign</c> and every term-fenced write (<c>leader.write</c>); and counts elections won and rejected writes.
/// </summary>
internal sealed class InstrumentedElection(ILeaderElection inner, InstrumentedCoordinationBackend backend) : ILeaderElection
{
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _lostRegistration;
    private string? _proclamation;
    private long _term;
    private int _ended = 1;

    public string Name => inner.Name;

    public long Term => inner.Term;

    public CancellationToken LeadershipLost => inner.LeadershipLost;

    public async Task<long> CampaignAsync(string value, CancellationToken cancellationToken = default)
    {
        using var activity = CoordinationMetrics.Start("leader.campaign", Name);
        var op = backend.Recorder?.Invoke(HistoryOps.LeaderCampaign, Name, value);
        long term;
        try
        {
            term = await inner.CampaignAsync(value, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            op?.Fail("cancelled");
            throw;
        }
        catch (Exception e)
        {
            op?.Fail(e.Message);
            CoordinationMetrics.Failed(activity, e, HistoryOps.LeaderCampaign);
            throw;
        }

        op?.Ok(value, term, term);
        CoordinationMetrics.ElectionsWon.Add(1, new KeyValuePair<string, object?>("election", Name));
        lock (_gate)
        {
            (_proclamation, _term, _ended) = (value, term, 0);
        }

        // Registered after the campaign returned: only then is the signal meaningful (and it may already have fired).
        _lostRegistration = inner.LeadershipLost.Register(static state => ((InstrumentedElection)state!).OnLost(), this);
        return term;
    }

    public async Task<long> FencedPutAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        using var activity = CoordinationMetrics.Start(HistoryOps.LeaderWrite, key);
        var op = backend.Recorder?.Invoke(HistoryOps.LeaderWrite, key, value, token: inner.Term);
        try
        {
            var revision = await inner.FencedPutAsync(key, value, cancellationToken);
            op?.Ok(revision: revision);
            return revision;
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity, HistoryOps.LeaderWrite, "write");
            throw;
        }
    }

    public async Task ResignAsync(CancellationToken cancellationToken = default)
    {
        string? proclamation;
        long term;
        lock (_gate)
        {
            (proclamation, term) = (_proclamation, _term);
            _ended = 1;
        }

        // Resigning deletes the leader key; that must not read as a loss.
        await _lostRegistration.DisposeAsync();
        var op = backend.Recorder?.Invoke(HistoryOps.LeaderResign, Name, proclamation, token: term);
        try
        {
            await inner.ResignAsync(cancellationToken);
            op?.Ok();
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity: null, HistoryOps.LeaderResign, "resignation");
            throw;
        }
    }

    private void OnLost()
    {
        string? proclamation;
        long term;
        lock (_gate)
        {
            if (_ended != 0)
            {
                return;
            }

            _ended = 1;
            (proclamation, term) = (_proclamation, _term);
        }

        backend.Recorder?.Event(HistoryOps.LeaderLost, Name, proclamation, term);
    }
}
