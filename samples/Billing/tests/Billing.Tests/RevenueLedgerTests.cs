using Billing.Service;

namespace Billing.Tests;

public sealed class RevenueLedgerTests
{
    [Theory]
    [InlineData(null, 250, "250")]
    [InlineData("1000", 250, "1250")]
    public void Add_ToStoredTotal_ReturnsNewTotal(string? current, long amount, string expected) =>
        Assert.Equal(expected, RevenueLedger.Add(current, amount));

    [Fact]
    public void Add_CorruptTotal_ThrowsNamingTheValue()
    {
        var e = Assert.Throws<FormatException>(() => RevenueLedger.Add("12.50", 1));

        Assert.Contains("'12.50'", e.Message, StringComparison.Ordinal);
    }
}
