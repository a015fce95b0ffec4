namespace ResilienceLab.Kubernetes.Running;

/// <summary>
/// A Kubernetes run could not be carried out — the blast-radius guard refused, the API server or the store could not
/// be reached, RBAC is missing, the pods never became Ready, or their histories were unusable. The message says what
/// and what to do; the CLI maps it to exit code 2 (infrastructure failure), never to a verdict.
/// </summary>
public sealed class KubernetesRunException(string message, Exception? inner = null) : Exception(message, inner);
