using System.Threading.Channels;

using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>Watches: replay from the log, then live events through a channel per watcher.</summary>
public sealed partial class SimulatedStore
{
    internal ChannelReader<WatchEvent> OpenWatch(string key, bool prefix, long startRevision, out Action close, out long openedAt)
    {
        var channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var watcher = new Watcher(key, prefix, startRevision, channel);
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
                        channel.Writer.TryWrite(_log[i].Event);
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

            channel.Writer.TryComplete();
        };
        return channel.Reader;
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
