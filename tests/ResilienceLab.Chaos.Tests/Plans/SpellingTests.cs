using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Tests.Plans;

public sealed class SpellingTests
{
    private static readonly string[] Fields = ["duration", "every", "until", "lockTtl", "heartbeatInterval", "selector"];

    [Theory]
    [InlineData("duraton", "duration")]
    [InlineData("durration", "duration")]
    [InlineData("evrey", "every")]
    [InlineData("lock_ttl", "lockTtl")]
    [InlineData("lockTTL", "lockTtl")]
    [InlineData("heartbeat-interval", "heartbeatInterval")]
    [InlineData("selecter", "selector")]
    public void Closest_Misspelling_FindsIntendedField(string typed, string expected)
    {
        Assert.Equal(expected, Spelling.Closest(typed, Fields));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("x")]
    public void Closest_NothingClose_ReturnsNull(string typed)
    {
        Assert.Null(Spelling.Closest(typed, Fields));
    }
}
