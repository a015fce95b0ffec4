using Billing.Service;

namespace Billing.Tests;

public sealed class BillingKeysTests
{
    [Fact]
    public void Keys_UnderPrefix_AreZeroPaddedSoStoreOrderIsBatchOrder()
    {
        var keys = new BillingKeys("/acme");

        Assert.Equal("/acme/batches/000042", keys.Batch(42));
        Assert.Equal("/acme/checkpoints/000042", keys.Checkpoint(42));
        Assert.Equal("/acme/locks/000042", keys.Lock(42));
        Assert.True(string.CompareOrdinal(keys.Batch(9), keys.Batch(10)) < 0);
    }

    [Theory]
    [InlineData("/billing/batches/000042", 42)]
    [InlineData("/billing/checkpoints/000001", 1)]
    [InlineData("/billing/batches/x", null)]
    [InlineData("/billing/batches/-1", null)]
    public void IdOf_Key_ReturnsTrailingNumber(string key, int? expected) => Assert.Equal(expected, BillingKeys.IdOf(key));
}
