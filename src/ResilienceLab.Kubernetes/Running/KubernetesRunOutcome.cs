using ResilienceLab.Chaos.Controller;
using ResilienceLab.Kubernetes.Guard;
using ResilienceLab.Verification;

namespace ResilienceLab.Kubernetes.Running;

/// <summary>Everything a Kubernetes run produced: the controller's result (history, steps, probes), the verdict, and the pod deletions.</summary>
public sealed record KubernetesRunOutcome(ChaosRunResult Run, Verdict Verdict, IReadOnlyList<PodDeletion> Deletions);
