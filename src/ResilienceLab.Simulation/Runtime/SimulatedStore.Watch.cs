namespace ResilienceLab.Simulation;

/// <summary>Watches: replay from the log, then live events through a stream per watcher.</summary>
public sealed partial class SimulatedStore
{
    internal WatchStream OpenWatch(string key, bool prefix, long startRevision, out Action close, out long openedAt)
    {
        var stream = new WatchStream();
        var watcher = new Watcher(key, prefix, startRevision, stream);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            if (startRevision > 0)
            {
                // The log is in revision order: replay what the watcher missed, then register it under the same lock
                // so no event falls between the replay and the live feed.
                var first = FirstLogIndexAtOrAfter(startRevision);
                for (var i = first; i < _log.Count; i++)
                {
                    if (watcher.Matches(_log[i].Event.Kv.Key))
                    {
                        stream.TryWrite(_log[i].Event);
                    }
                }
            }

            _watchers.Add(watcher);
            openedAt = _revision;
        }

        close = () =>
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }

            stream.Complete();
        };
        return stream;
    }

    private int FirstLogIndexAtOrAfter(long revision)
    {
        int lo = 0, hi = _log.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_log[mid].Revision < revision)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
