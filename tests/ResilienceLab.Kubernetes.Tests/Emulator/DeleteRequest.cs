namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>A DELETE the emulated API accepted.</summary>
internal sealed record DeleteRequest(string Namespace, string Name, long GracePeriodSeconds, bool DryRun, string? PreconditionUid);
