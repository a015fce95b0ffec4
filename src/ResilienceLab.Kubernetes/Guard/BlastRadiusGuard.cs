using System.Text.RegularExpressions;
using k8s.Models;

namespace ResilienceLab.Kubernetes.Guard;

/// <summary>
/// Bounds what the Kubernetes target may touch: one explicit namespace that is not a Kubernetes system namespace,
/// and only pods carrying every label of a non-empty selector. Every deletion goes through <see cref="Authorize"/>,
/// which records it; in a dry run the deletions are only recorded (and sent as server-side dry runs), never done.
/// Plans are checked earlier by the plan validator with the same rules; this guard is the last line before the
/// API call, so a target built without a plan (or a bug in selection) still cannot reach outside its scope.
/// </summary>
public sealed partial class BlastRadiusGuard
{
    private readonly Lock _gate = new();
    private readonly List<PodDeletion> _deletions = [];

    private BlastRadiusGuard(string @namespace, IReadOnlyDictionary<string, string> selector, bool dryRun)
    {
        Namespace = @namespace;
        Selector = selector;
        DryRun = dryRun;
        LabelSelector = string.Join(',', selector.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
    }

    /// <summary>The one namespace the target acts in.</summary>
    public string Namespace { get; }

    /// <summary>The labels every pod acted on must carry.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; }

    /// <summary>The selector in the API's <c>labelSelector</c> syntax (<c>a=b,c=d</c>, sorted by key).</summary>
    public string LabelSelector { get; }

    /// <summary>When true, deletions are recorded and printed but never carried out.</summary>
    public bool DryRun { get; }

    /// <summary>Every deletion allowed so far (in a dry run: every deletion that would have happened).</summary>
    public IReadOnlyList<PodDeletion> Deletions
    {
        get
        {
            lock (_gate)
            {
                return [.. _deletions];
            }
        }
    }

    /// <summary>A guard for <paramref name="namespace"/> and <paramref name="selector"/>.</summary>
    /// <exception cref="BlastRadiusException">No namespace, a system namespace, an invalid one, or an empty selector (every problem at once).</exception>
    public static BlastRadiusGuard Create(string? @namespace, IEnumerable<KeyValuePair<string, string>>? selector, bool dryRun = false)
    {
        var problems = new List<string>();
        var labels = (selector ?? []).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(@namespace))
        {
            problems.Add("no namespace was given; the target never guesses one (not even 'default') — set target.namespace to the namespace of the worker pods.");
        }
        else if (@namespace.StartsWith(KubernetesTargetConstants.SystemNamespacePrefix, StringComparison.Ordinal))
        {
            problems.Add($"'{@namespace}' is a Kubernetes system namespace; chaos is never run there — deploy the workers in a namespace of their own.");
        }
        else if (!NamespacePattern().IsMatch(@namespace))
        {
            problems.Add($"'{@namespace}' is not a valid namespace name (at most 63 lowercase letters, digits and '-').");
        }

        if (labels.Count == 0)
        {
            problems.Add("the label selector is empty, so every pod in the namespace would be a candidate — set target.selector (e.g. app: reslab-worker).");
        }
        else
        {
            problems.AddRange(labels.Where(l => string.IsNullOrWhiteSpace(l.Key)).Select(_ => "the label selector has an empty key."));
        }

        if (problems.Count > 0)
        {
            throw new BlastRadiusException(problems);
        }

        return new BlastRadiusGuard(@namespace!, labels, dryRun);
    }

    /// <summary>Whether <paramref name="labels"/> carry every label of the selector.</summary>
    public bool Matches(IDictionary<string, string>? labels) =>
        labels is not null && Selector.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>Allows (and records) deleting <paramref name="pod"/> with <paramref name="gracePeriodSeconds"/>, or refuses.</summary>
    /// <exception cref="BlastRadiusException">The pod is in another namespace or does not carry the selector's labels.</exception>
    public PodDeletion Authorize(V1Pod pod, long gracePeriodSeconds, string reason)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var name = pod.Metadata?.Name;
        var problems = new List<string>();
        if (string.IsNullOrEmpty(name))
        {
            problems.Add("the pod has no name.");
        }

        var ns = pod.Metadata?.NamespaceProperty ?? Namespace;
        if (ns != Namespace)
        {
            problems.Add($"pod {ns}/{name} is outside namespace '{Namespace}'.");
        }
        else if (ns.StartsWith(KubernetesTargetConstants.SystemNamespacePrefix, StringComparison.Ordinal))
        {
            problems.Add($"pod {ns}/{name} is in a system namespace.");
        }

        if (!Matches(pod.Metadata?.Labels))
        {
            var has = pod.Metadata?.Labels is { Count: > 0 } l ? string.Join(',', l.Select(p => $"{p.Key}={p.Value}")) : "no labels";
            problems.Add($"pod {ns}/{name} does not match the selector {LabelSelector} (it has {has}).");
        }

        if (gracePeriodSeconds < 0)
        {
            problems.Add($"grace period {gracePeriodSeconds}s is negative.");
        }

        if (problems.Count > 0)
        {
            throw new BlastRadiusException(problems);
        }

        var deletion = new PodDeletion(Namespace, name!, pod.Metadata?.Uid, gracePeriodSeconds, DryRun, reason);
        lock (_gate)
        {
            _deletions.Add(deletion);
        }

        return deletion;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespacePattern();
}
