namespace ResilienceLab.Network.Internal;

/// <summary>
/// Starts the proxy's background loops with no <see cref="SynchronizationContext"/>, so their continuations run
/// on the thread pool whatever context the caller has (a test runner's, a UI's). The proxy moves real bytes
/// between real sockets; it is never part of the deterministic simulation, and must not queue onto it.
/// </summary>
internal static class ContextFreeStart
{
    public static Task Start(Func<Task> loop)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return loop();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
