namespace ResilienceLab.TestSupport;

/// <summary>Polls a condition on the real clock until it holds or a deadline passes.</summary>
public static class Eventually
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns the first non-null result of <paramref name="probe"/>; throws with <paramref name="what"/> when the deadline passes.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> what)
        where T : class
    {
        var time = TimeProvider.System;
        var start = time.GetTimestamp();
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            if (time.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"Not within {timeout}: {what()}");
            }

            await Task.Delay(PollInterval, time);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> what) =>
        GetAsync(async () => await condition() ? "" : null, timeout, what);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, Func<string> what) =>
        GetAsync(() => Task.FromResult(condition() ? "" : null), timeout, what);
}
