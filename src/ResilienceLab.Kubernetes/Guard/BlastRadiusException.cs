namespace ResilienceLab.Kubernetes.Guard;

/// <summary>The target refused to act: no explicit namespace, an empty selector, a system namespace, or a pod outside its scope.</summary>
public sealed class BlastRadiusException : InvalidOperationException
{
    public BlastRadiusException(IReadOnlyList<string> problems)
        : base("refusing to act on Kubernetes: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>Every reason, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
