namespace ResilienceLab.Reporting;

/// <summary>The report directory cannot be used: the message says why and names the path.</summary>
public sealed class ReportDestinationException : IOException
{
    public ReportDestinationException(string message)
        : base(message)
    {
    }

    public ReportDestinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
