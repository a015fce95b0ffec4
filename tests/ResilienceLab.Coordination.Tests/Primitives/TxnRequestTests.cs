namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>Building a txn: the branches keep every op in the order given, however they were added.</summary>
public sealed class TxnRequestTests
{
    private static readonly Compare Guard = Compare.Missing("/k");

    [Fact]
    public void Then_CalledTwice_KeepsBothOpsInOrder()
    {
        var request = TxnRequest.If(Guard).Then(new TxnOp.Put("/a", "1")).Then(new TxnOp.Delete("/b"), new TxnOp.Get("/c"));

        Assert.Equal([new TxnOp.Put("/a", "1"), new TxnOp.Delete("/b"), new TxnOp.Get("/c")], request.Success);
        Assert.Empty(request.Failure);
        Assert.Equal([Guard], request.Compares);
    }

    [Fact]
    public void Else_CalledTwice_KeepsBothOpsInOrderAndLeavesThenAlone()
    {
        var request = TxnRequest.If(Guard).Then(new TxnOp.Put("/a", "1")).Else(new TxnOp.Get("/a")).Else(new TxnOp.Get("/b"));

        Assert.Equal([new TxnOp.Put("/a", "1")], request.Success);
        Assert.Equal([new TxnOp.Get("/a"), new TxnOp.Get("/b")], request.Failure);
    }

    [Fact]
    public void Then_OnABuiltRequest_LeavesTheOriginalUnchanged()
    {
        var first = TxnRequest.If(Guard).Then(new TxnOp.Put("/a", "1"));

        var second = first.Then(new TxnOp.Put("/b", "2"));

        Assert.Single(first.Success);
        Assert.Equal(2, second.Success.Count);
    }
}
