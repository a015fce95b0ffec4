using Billing.Service;

namespace Billing.Tests;

public sealed class BatchSpecTests
{
    [Fact]
    public void Format_ThenTryParse_RoundTrips()
    {
        var batch = new BatchSpec(7, Invoices: 12, Steps: 8, AmountCents: 345_600);

        Assert.Equal("invoices=12;steps=8;amount=345600", batch.Format());
        Assert.Equal(batch, BatchSpec.TryParse(7, batch.Format()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("invoices=12;steps=8")]
    [InlineData("invoices=0;steps=8;amount=1")]
    [InlineData("invoices=12;steps=-1;amount=1")]
    [InlineData("invoices=12;steps=8;amount=1;color=red")]
    [InlineData("12;8;1")]
    public void TryParse_NotABatch_ReturnsNull(string? value) => Assert.Null(BatchSpec.TryParse(1, value));
}
