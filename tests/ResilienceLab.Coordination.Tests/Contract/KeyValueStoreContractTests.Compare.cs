namespace ResilienceLab.Coordination.Tests.Contract;

public abstract partial class KeyValueStoreContractTests
{
    /// <summary>Where a compare's operand lies relative to the key's actual value.</summary>
    public enum OperandIs
    {
        BelowActual,
        EqualToActual,
        AboveActual,
    }

    /// <summary>Every target × operator × operand position, with what etcd answers.</summary>
    public static TheoryData<CompareTarget, CompareOperator, OperandIs, bool> CompareCases()
    {
        var cases = new TheoryData<CompareTarget, CompareOperator, OperandIs, bool>();
        foreach (var target in Enum.GetValues<CompareTarget>())
        {
            foreach (var position in Enum.GetValues<OperandIs>())
            {
                cases.Add(target, CompareOperator.Equal, position, position == OperandIs.EqualToActual);
                cases.Add(target, CompareOperator.NotEqual, position, position != OperandIs.EqualToActual);

                // "Greater" holds when the key's value is greater than the operand.
                cases.Add(target, CompareOperator.Greater, position, position == OperandIs.BelowActual);
                cases.Add(target, CompareOperator.Less, position, position == OperandIs.AboveActual);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(CompareCases), MemberType = typeof(KeyValueStoreContractTests))]
    public async Task TxnAsync_CompareOnExistingKey_HoldsPerOperatorAndOperand(CompareTarget target, CompareOperator op, OperandIs operand, bool expected)
    {
        // A key whose version (2), create revision, mod revision and lease all differ, with value "m".
        var lease = await GrantAsync(MinimumLeaseTtl + TimeSpan.FromSeconds(10));
        await Store.PutAsync(K("k"), "a", lease.Id);
        await Store.PutAsync(K("filler"), "x");
        await Store.PutAsync(K("k"), "m", lease.Id);
        var kv = (await Store.GetAsync(K("k"))).Single!;
        var delta = operand switch { OperandIs.BelowActual => -1, OperandIs.EqualToActual => 0, _ => 1 };
        var compare = target switch
        {
            CompareTarget.Value => Compare.ValueIs(kv.Key, op, operand switch { OperandIs.BelowActual => "l", OperandIs.EqualToActual => "m", _ => "n" }),
            CompareTarget.Version => Compare.VersionIs(kv.Key, op, kv.Version + delta),
            CompareTarget.CreateRevision => Compare.CreateRevisionIs(kv.Key, op, kv.CreateRevision + delta),
            CompareTarget.ModRevision => Compare.ModRevisionIs(kv.Key, op, kv.ModRevision + delta),
            _ => Compare.LeaseIs(kv.Key, op, kv.Lease + delta),
        };

        var txn = await Store.TxnAsync(TxnRequest.If(compare).Then(new TxnOp.Get(K("then"))).Else(new TxnOp.Get(K("else"))));

        Assert.Equal(expected, txn.Succeeded);
    }

    /// <summary>A missing key has version, create and mod revision and lease 0; every value compare on it fails.</summary>
    public static TheoryData<CompareTarget, CompareOperator, long, string?, bool> MissingKeyCases() => new()
    {
        { CompareTarget.Version, CompareOperator.Equal, 0, null, true },
        { CompareTarget.Version, CompareOperator.NotEqual, 0, null, false },
        { CompareTarget.Version, CompareOperator.Greater, 0, null, false },
        { CompareTarget.Version, CompareOperator.Less, 1, null, true },
        { CompareTarget.CreateRevision, CompareOperator.Equal, 0, null, true },
        { CompareTarget.CreateRevision, CompareOperator.Less, 1, null, true },
        { CompareTarget.CreateRevision, CompareOperator.Greater, 0, null, false },
        { CompareTarget.ModRevision, CompareOperator.Equal, 0, null, true },
        { CompareTarget.ModRevision, CompareOperator.NotEqual, 0, null, false },
        { CompareTarget.ModRevision, CompareOperator.Less, 1, null, true },
        { CompareTarget.Lease, CompareOperator.Equal, 0, null, true },
        { CompareTarget.Lease, CompareOperator.Greater, 0, null, false },
        { CompareTarget.Value, CompareOperator.Equal, 0, "", false },
        { CompareTarget.Value, CompareOperator.NotEqual, 0, "anything", false },
        { CompareTarget.Value, CompareOperator.Less, 0, "zzz", false },
        { CompareTarget.Value, CompareOperator.Greater, 0, "", false },
    };

    [Theory]
    [MemberData(nameof(MissingKeyCases), MemberType = typeof(KeyValueStoreContractTests))]
    public async Task TxnAsync_CompareOnMissingKey_SeesZerosAndFailsValueCompares(CompareTarget target, CompareOperator op, long number, string? value, bool expected)
    {
        await Store.PutAsync(K("missing-not"), "neighbour");

        var txn = await Store.TxnAsync(TxnRequest.If(new Compare(K("missing"), target, op, number, value)));

        Assert.Equal(expected, txn.Succeeded);
    }

    [Fact]
    public async Task TxnAsync_CompareOnDeletedKey_SeesItAsMissing()
    {
        await Store.PutAsync(K("k"), "v");
        await Store.DeleteAsync(K("k"));

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.VersionIs(K("k"), CompareOperator.Equal, 0), Compare.Missing(K("k"))));

        Assert.True(txn.Succeeded);
    }

    [Fact]
    public async Task TxnAsync_SeveralCompares_HoldOnlyWhenAllHold()
    {
        var put = await Store.PutAsync(K("a"), "1");

        var allHold = await Store.TxnAsync(TxnRequest.If(
            Compare.ValueIs(K("a"), CompareOperator.Equal, "1"), Compare.ModRevisionIs(K("a"), CompareOperator.Equal, put.Revision)));
        var oneFails = await Store.TxnAsync(TxnRequest.If(
            Compare.ValueIs(K("a"), CompareOperator.Equal, "1"), Compare.Missing(K("a"))));

        Assert.True(allHold.Succeeded);
        Assert.False(oneFails.Succeeded);
    }

    [Fact]
    public async Task TxnAsync_ValueCompare_IsByteWiseNotNumeric()
    {
        await Store.PutAsync(K("n"), "10");

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.ValueIs(K("n"), CompareOperator.Less, "9")));

        Assert.True(txn.Succeeded);
    }
}
