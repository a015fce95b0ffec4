namespace ResilienceLab.Chaos.Local;

/// <summary>
/// The named replica is not (or no longer) live: it exited between the controller's choice of a victim and the
/// action. The controller records that step as having hit nothing; it never ends the run.
/// </summary>
public sealed class ReplicaGoneException : ArgumentException
{
    public ReplicaGoneException(string message, string paramName)
        : base(message, paramName)
    {
    }
}
