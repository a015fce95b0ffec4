namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>Pod names like a ReplicaSet's: <c>&lt;prefix&gt;-&lt;5 characters&gt;</c> from the alphabet Kubernetes uses, deterministic per counter.</summary>
internal static class PodNames
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private static long _next;

    public static string Next(string prefix)
    {
        // A multiplicative hash of a counter spreads consecutive names like random suffixes, but repeatably.
        var n = (ulong)Interlocked.Increment(ref _next) * 2_654_435_761UL % 14_348_907UL; // 27^5
        var suffix = new char[5];
        for (var i = 0; i < 5; i++)
        {
            suffix[i] = Alphabet[(int)(n % 27)];
            n /= 27;
        }

        return $"{prefix}-{new string(suffix)}";
    }
}
