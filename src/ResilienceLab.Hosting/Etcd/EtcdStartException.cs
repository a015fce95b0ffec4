namespace ResilienceLab.Hosting;

/// <summary>A local etcd member did not start or did not become healthy. The message ends with its log's tail.</summary>
public sealed class EtcdStartException : Exception
{
    internal EtcdStartException(EtcdServerProcess member, string problem, string logTail)
        : base($"{problem}. Data dir: {member.DataDirectory}; log: {member.LogFile}." + (logTail.Length == 0 ? "" : "\nLast log lines:\n" + logTail))
    {
        MemberName = member.Name;
        LogTail = logTail;
    }

    /// <summary>The member that failed.</summary>
    public string MemberName { get; }

    /// <summary>The last lines of its log (empty when it never ran).</summary>
    public string LogTail { get; }

    /// <summary>Whether another process had taken one of its ports (worth a retry on fresh ports).</summary>
    public bool IsPortConflict => PortConflict.IsReportedIn(LogTail);
}
