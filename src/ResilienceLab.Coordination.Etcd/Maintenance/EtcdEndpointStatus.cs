namespace ResilienceLab.Coordination.Etcd;

/// <summary>One endpoint's answer to the maintenance Status call, or why it gave none.</summary>
/// <param name="Endpoint">The client URL asked.</param>
/// <param name="IsReachable">False when the endpoint did not answer in time; then <paramref name="Error"/> says why and the numbers are 0.</param>
/// <param name="MemberId">The answering member's id.</param>
/// <param name="LeaderId">The id of the member it believes is leader; 0 when it knows of none.</param>
/// <param name="RaftTerm">Its raft term.</param>
/// <param name="RaftIndex">Its raft index.</param>
/// <param name="Revision">Its store revision.</param>
/// <param name="DbSize">Size of its backend database in bytes.</param>
/// <param name="Version">The etcd version it runs.</param>
/// <param name="Errors">Alarms and errors it reports.</param>
/// <param name="Error">Why it could not be reached, when it could not.</param>
public sealed record EtcdEndpointStatus(
    string Endpoint,
    bool IsReachable,
    ulong MemberId,
    ulong LeaderId,
    ulong RaftTerm,
    ulong RaftIndex,
    long Revision,
    long DbSize,
    string Version,
    IReadOnlyList<string> Errors,
    string? Error = null)
{
    /// <summary>Whether this member is the leader it reports.</summary>
    public bool IsLeader => IsReachable && MemberId != 0 && MemberId == LeaderId;

    /// <summary>Whether this member knows of a leader.</summary>
    public bool HasLeader => IsReachable && LeaderId != 0;

    internal static EtcdEndpointStatus Unreachable(string endpoint, string error) =>
        new(endpoint, false, 0, 0, 0, 0, 0, 0, "", [], error);
}
