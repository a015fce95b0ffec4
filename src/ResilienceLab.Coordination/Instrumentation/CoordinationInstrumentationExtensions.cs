using ResilienceLab.Coordination.Instrumentation;
using ResilienceLab.History;

namespace ResilienceLab.Coordination;

/// <summary>Turns on history recording and telemetry for a backend built by hand (the DI extensions do it for you).</summary>
public static class CoordinationInstrumentationExtensions
{
    /// <summary>
    /// Wraps <paramref name="backend"/> so that its primitives publish <see cref="CoordinationTelemetry"/> metrics and
    /// activities and, when <paramref name="recorder"/> is given, record their own history (docs/history.md): lock
    /// acquisitions, releases and losses, campaigns, resignations and losses of leadership, observed leaders, fenced writes,
    /// checkpoints, register reads and swaps, counter increments. Wrapping an already wrapped backend returns it as it is.
    /// </summary>
    public static ICoordinationBackend WithInstrumentation(this ICoordinationBackend backend, TimeProvider timeProvider, HistoryRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return backend is InstrumentedCoordinationBackend ? backend : new InstrumentedCoordinationBackend(backend, timeProvider, recorder);
    }
}
