namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>Polling on the real clock for integration tests (emulator and processes run in real time).</summary>
internal static class TestTime
{
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (!condition())
        {
            if (time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time);
        }
    }
}
