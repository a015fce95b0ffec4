using System.Net.Sockets;
using Grpc.Core;
using Polly.Timeout;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>The gRPC-status → store-exception table of EtcdKeyValueStore, with the errors etcd 3.4 and Grpc.Net.Client really produce.</summary>
public sealed class EtcdErrorClassifierTests
{
    private const string Endpoint = "http://127.0.0.1:2379";

    public static TheoryData<StatusCode, string, Type> MutationCases() => new()
    {
        { StatusCode.Unavailable, "etcdserver: request timed out", typeof(IndeterminateOutcomeException) },
        { StatusCode.Unavailable, "etcdserver: request timed out, possibly due to previous leader failure", typeof(IndeterminateOutcomeException) },
        { StatusCode.Unavailable, "etcdserver: server stopped", typeof(IndeterminateOutcomeException) },
        { StatusCode.Unavailable, "Error starting gRPC call. HttpRequestException: An error occurred while sending the request.", typeof(IndeterminateOutcomeException) },
        { StatusCode.DeadlineExceeded, "", typeof(IndeterminateOutcomeException) },
        { StatusCode.Unknown, "Error reading next message. IOException: The request was aborted.", typeof(IndeterminateOutcomeException) },
        { StatusCode.Internal, "Error reading next message.", typeof(IndeterminateOutcomeException) },
        { StatusCode.Cancelled, "", typeof(IndeterminateOutcomeException) },
        { StatusCode.Unavailable, "Error connecting to subchannel.", typeof(StoreUnavailableException) },
        { StatusCode.Unavailable, "etcdserver: no leader", typeof(StoreUnavailableException) },
        { StatusCode.Unknown, "raft proposal dropped", typeof(StoreUnavailableException) },
        { StatusCode.ResourceExhausted, "etcdserver: too many requests", typeof(StoreUnavailableException) },
        { StatusCode.NotFound, "etcdserver: requested lease not found", typeof(LeaseNotFoundException) },
        { StatusCode.InvalidArgument, "etcdserver: duplicate key given in txn request", typeof(ArgumentException) },
        { StatusCode.PermissionDenied, "etcdserver: permission denied", typeof(EtcdPermissionDeniedException) },
        { StatusCode.Unauthenticated, "etcdserver: invalid auth token", typeof(EtcdAuthenticationException) },
        { StatusCode.InvalidArgument, "etcdserver: user name is empty", typeof(EtcdAuthenticationException) },
    };

    [Theory]
    [MemberData(nameof(MutationCases))]
    public void Translate_MutationFailure_MapsAsDocumented(StatusCode code, string detail, Type expected)
    {
        var translated = Translate(new RpcException(new Status(code, detail)), EtcdOperationKind.Mutation);

        Assert.IsType(expected, translated);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, "etcdserver: request timed out")]
    [InlineData(StatusCode.DeadlineExceeded, "")]
    [InlineData(StatusCode.Unknown, "Error reading next message.")]
    public void Translate_ReadLosingItsReply_IsUnavailableNeverIndeterminate(StatusCode code, string detail)
    {
        var translated = Translate(new RpcException(new Status(code, detail)), EtcdOperationKind.Read);

        Assert.IsType<StoreUnavailableException>(translated);
    }

    [Fact]
    public void Translate_MutationPastOurTimeout_IsIndeterminateAndNamesTheOperation()
    {
        var translated = Translate(new TimeoutRejectedException(), EtcdOperationKind.Mutation);

        var indeterminate = Assert.IsType<IndeterminateOutcomeException>(translated);
        Assert.Equal(("put", "/k"), (indeterminate.Operation, indeterminate.Key));
    }

    [Fact]
    public void Translate_RefusedConnectionInsideTheRpcError_IsUnavailable()
    {
        var refused = new SocketException((int)SocketError.ConnectionRefused);
        var error = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.", new HttpRequestException("connect failed", refused)));

        Assert.IsType<StoreUnavailableException>(Translate(error, EtcdOperationKind.Mutation));
    }

    [Fact]
    public void Translate_CallersOwnCancellation_IsLeftAlone()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var translated = EtcdErrorClassifier.Translate(
            new OperationCanceledException(cancelled.Token), EtcdOperationKind.Mutation, "put", "/k", 0, Endpoint, TimeSpan.FromSeconds(1), cancelled.Token);

        Assert.Null(translated);
    }

    [Fact]
    public void Translate_LeaseNotFound_CarriesTheLeaseId()
    {
        var translated = EtcdErrorClassifier.Translate(
            new RpcException(new Status(StatusCode.NotFound, "etcdserver: requested lease not found")),
            EtcdOperationKind.Mutation, "put", "/k", 0x1234, Endpoint, TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(0x1234, Assert.IsType<LeaseNotFoundException>(translated).LeaseId);
    }

    private static Exception? Translate(Exception error, EtcdOperationKind kind) =>
        EtcdErrorClassifier.Translate(error, kind, "put", "/k", 0, Endpoint, TimeSpan.FromSeconds(1), CancellationToken.None);
}
