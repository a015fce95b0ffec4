namespace ResilienceLab.Chaos.Plans;

/// <summary><c>target.replica.ready</c>: when the controller counts a started replica as ready.</summary>
public enum ReplicaReadiness
{
    /// <summary>When the replica creates the file named by <c>RESLAB_Replica__ReadyFile</c> (<c>${replica.readyFile}</c>).</summary>
    File,

    /// <summary>As soon as its process has started: for a service that writes no ready file (chaos may then hit it before it has joined).</summary>
    Started,
}
