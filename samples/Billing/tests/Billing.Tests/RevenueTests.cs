using Billing.Service;

namespace Billing.Tests;

public sealed class RevenueTests
{
    [Fact]
    public void Post_NewBatch_AddsItsAmountAndId()
    {
        var revenue = Revenue.Parse(null).Post(new BatchSpec(2, 10, 4, 250)).Post(new BatchSpec(1, 10, 4, 1000));

        Assert.Equal("total=1250;batches=1,2", revenue.Format());
    }

    [Fact]
    public void Post_BatchAlreadyIncluded_ChangesNothing()
    {
        var once = Revenue.Parse("total=1000;batches=1").Post(new BatchSpec(1, 10, 4, 1000));

        Assert.Equal("total=1000;batches=1", once.Format());
    }

    [Fact]
    public void Parse_Format_RoundTrips()
    {
        Assert.Equal("total=0;batches=", Revenue.None.Format());
        Assert.Equal("total=345600;batches=1,5,9", Revenue.Parse("total=345600;batches=1,5,9").Format());
    }

    [Theory]
    [InlineData("12.50")]
    [InlineData("total=12;batches=a")]
    [InlineData("total=-1;batches=")]
    public void Parse_NotARevenue_ThrowsNamingTheValue(string value)
    {
        var e = Assert.Throws<FormatException>(() => Revenue.Parse(value));

        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
    }
}
