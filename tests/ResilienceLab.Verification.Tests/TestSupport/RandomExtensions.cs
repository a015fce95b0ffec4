using ResilienceLab.Coordination;

namespace ResilienceLab.Verification.Tests.TestSupport;

/// <summary>What the property tests draw from the one seeded generator, <see cref="DeterministicRandom"/>.</summary>
internal static class RandomExtensions
{
    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double Between(this DeterministicRandom random, double low, double high) => low + (random.NextDouble() * (high - low));
}
