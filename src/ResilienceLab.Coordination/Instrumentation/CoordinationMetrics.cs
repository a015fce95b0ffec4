using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>The instruments of <see cref="CoordinationTelemetry"/>, created once per process.</summary>
internal static class CoordinationMetrics
{
    private static readonly Meter Meter = new(CoordinationTelemetry.Name);

    public static readonly ActivitySource Source = new(CoordinationTelemetry.Name);

    public static readonly Counter<long> Acquisitions = Meter.CreateCounter<long>(CoordinationTelemetry.LockAcquisitions, description: "Lock acquisition attempts by outcome.");

    public static readonly Histogram<double> HoldTime = Meter.CreateHistogram<double>(CoordinationTelemetry.LockHoldTime, unit: "s", description: "How long a lock was held.");

    public static readonly Counter<long> Lost = Meter.CreateCounter<long>(CoordinationTelemetry.LocksLost, description: "Locks lost while held.");

    public static readonly Counter<long> FencedRejected = Meter.CreateCounter<long>(CoordinationTelemetry.FencedWritesRejected, description: "Fenced writes the fence rejected.");

    public static readonly Counter<long> ElectionsWon = Meter.CreateCounter<long>(CoordinationTelemetry.ElectionsWon, description: "Elections won.");

    public static readonly Counter<long> CasConflicts = Meter.CreateCounter<long>(CoordinationTelemetry.CasConflicts, description: "Compare-and-swap attempts that found the key moved.");

    public static readonly Counter<long> Indeterminate = Meter.CreateCounter<long>(CoordinationTelemetry.IndeterminateOutcomes, description: "Mutations whose outcome is unknown.");

    /// <summary>Starts an activity around a store call when someone listens (null otherwise, at no cost).</summary>
    public static Activity? Start(string name, string key) =>
        Source.StartActivity(name, ActivityKind.Client)?.SetTag("reslab.key", key);

    /// <summary>Marks the activity failed and counts an indeterminate outcome.</summary>
    public static void Failed(Activity? activity, Exception error, string operation)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        if (error is IndeterminateOutcomeException)
        {
            Indeterminate.Add(1, new KeyValuePair<string, object?>("operation", operation));
        }
    }
}
