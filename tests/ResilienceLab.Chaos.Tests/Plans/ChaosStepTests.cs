using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

public sealed class ChaosStepTests
{
    private static readonly TimeSpan Run = TimeSpan.FromSeconds(60);

    private static ChaosStep CreateSut(TimeSpan? at = null, TimeSpan? every = null, int? count = null, TimeSpan? until = null) =>
        new() { Name = "step", Action = ChaosActionKind.Kill, At = at, Every = every, Count = count, Until = until };

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void FiringTimes_OneShot_FiresOnce()
    {
        Assert.Equal([S(10)], CreateSut(at: S(10)).FiringTimes(Run));
    }

    [Fact]
    public void FiringTimes_OneShotAfterRun_NeverFires()
    {
        Assert.Empty(CreateSut(at: S(60)).FiringTimes(Run));
    }

    [Fact]
    public void FiringTimes_EveryWithoutAt_StartsAfterOnePeriod()
    {
        Assert.Equal([S(20), S(40)], CreateSut(every: S(20)).FiringTimes(Run));
    }

    [Fact]
    public void FiringTimes_EveryWithAt_StartsAtAt()
    {
        Assert.Equal([S(5), S(25), S(45)], CreateSut(at: S(5), every: S(20)).FiringTimes(Run));
    }

    [Fact]
    public void FiringTimes_Count_StopsAfterCount()
    {
        Assert.Equal([S(5), S(15)], CreateSut(at: S(5), every: S(10), count: 2).FiringTimes(Run));
    }

    [Fact]
    public void FiringTimes_Until_IncludesUntil()
    {
        Assert.Equal([S(10), S(20), S(30)], CreateSut(every: S(10), until: S(30)).FiringTimes(Run));
    }
}
