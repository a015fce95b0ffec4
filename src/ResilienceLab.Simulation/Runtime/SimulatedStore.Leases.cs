using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>Leases: TTLs in whole seconds, rounded up to the minimum, expired by a periodic lessor check.</summary>
public sealed partial class SimulatedStore
{
    internal LeaseGrant Grant(TimeSpan ttl)
    {
        lock (_gate)
        {
            var effective = NormalizeTtl(ttl);
            long id;
            do
            {
                // etcd lease ids are positive 63-bit numbers.
                id = (long)(_random.NextUInt64() >> 1);
            }
            while (id == 0 || _leases.ContainsKey(id));

            _leases[id] = new LeaseState(id, effective, TimeProvider.GetTimestamp() + ToTimestampTicks(effective));
            return new LeaseGrant(id, effective);
        }
    }

    internal TimeSpan KeepAlive(long leaseId)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(leaseId, out var lease))
            {
                throw new LeaseNotFoundException(leaseId);
            }

            lease.ExpiresAt = TimeProvider.GetTimestamp() + ToTimestampTicks(lease.Ttl);
            return lease.Ttl;
        }
    }

    internal void Revoke(long leaseId)
    {
        lock (_gate)
        {
            if (!_leases.ContainsKey(leaseId))
            {
                throw new LeaseNotFoundException(leaseId);
            }

            RevokeLocked(leaseId);
        }
    }

    internal LeaseTimeToLive TimeToLive(long leaseId)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(leaseId, out var lease))
            {
                return new LeaseTimeToLive(leaseId, TimeSpan.FromSeconds(-1), TimeSpan.Zero, []);
            }

            var remaining = TimeProvider.GetElapsedTime(TimeProvider.GetTimestamp(), lease.ExpiresAt);

            // etcd reports whole seconds, rounded up.
            var seconds = Math.Max(0, Math.Ceiling(remaining.TotalSeconds));
            return new LeaseTimeToLive(leaseId, TimeSpan.FromSeconds(seconds), lease.Ttl, [.. lease.Keys]);
        }
    }

    /// <summary>Ids of the leases that exist now (for tests and chaos actions such as revoke-lease).</summary>
    public IReadOnlyList<long> Leases()
    {
        lock (_gate)
        {
            return [.. _leases.Keys.Order()];
        }
    }

    /// <summary>Revokes a lease as an operator would (chaos action): its keys are deleted at once.</summary>
    public bool ForceRevoke(long leaseId)
    {
        lock (_gate)
        {
            if (!_leases.ContainsKey(leaseId))
            {
                return false;
            }

            RevokeLocked(leaseId);
            return true;
        }
    }

    private void ExpireLeases()
    {
        lock (_gate)
        {
            if (_disposed || Unavailable)
            {
                return;
            }

            var now = TimeProvider.GetTimestamp();

            // Revoke in id order so that the revisions the deletes get do not depend on dictionary order.
            foreach (var id in _leases.Values.Where(l => l.ExpiresAt <= now).Select(l => l.Id).Order().ToList())
            {
                RevokeLocked(id);
            }
        }
    }

    private void RevokeLocked(long leaseId)
    {
        var lease = _leases[leaseId];
        var pending = new List<WatchEvent>();
        var revision = _revision + 1;

        // etcd deletes a lease's keys in one txn, in key order.
        foreach (var key in lease.Keys.ToList())
        {
            DeleteLocked(key, prefix: false, revision, pending);
        }

        _leases.Remove(leaseId);
        Commit(pending);
    }

    private TimeSpan NormalizeTtl(TimeSpan ttl)
    {
        var seconds = Math.Ceiling(ttl.TotalSeconds);
        var min = Math.Ceiling(Options.MinimumLeaseTtl.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Max(seconds, min));
    }

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * TimeProvider.TimestampFrequency);
}
