namespace ResilienceLab.Simulation;

/// <summary>Watches: replay from the log, then live events through a stream per watcher.</summary>
public sealed partial class SimulatedStore
{
    /// <summary>Opens a watch: what it missed since <paramref name="startRevision"/>, then live events; <see cref="CloseWatch"/> ends it.</summary>
    internal WatchStream OpenWatch(string key, bool prefix, long startRevision, out long openedAt)
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

        return stream;
    }

    /// <summary>Ends the watch that <paramref name="stream"/> reads (no closure per watch: the stream names its watcher).</summary>
    internal void CloseWatch(WatchStream stream)
    {
        lock (_gate)
        {
            for (var i = 0; i < _watchers.Count; i++)
            {
                if (_watchers[i].Stream == stream)
                {
                    _watchers.RemoveAt(i);
                    break;
                }
            }
        }

        stream.Complete();
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
