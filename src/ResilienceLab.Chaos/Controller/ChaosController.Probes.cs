using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Probes;
using ResilienceLab.History;

namespace ResilienceLab.Chaos.Controller;

/// <summary>Steady-state probes (Litmus modes: start, end, continuous, on-chaos) and the abort condition.</summary>
public sealed partial class ChaosController
{
    /// <summary>Evaluates every probe of <paramref name="mode"/> until it holds or its timeout passes.</summary>
    private async Task RunProbesAsync(ProbeEvaluator evaluator, ProbeMode mode, CancellationToken cancellationToken)
    {
        foreach (var probe in plan.Probes.Where(p => p.Mode == mode))
        {
            var started = Time.GetTimestamp();
            var evaluations = 0;
            (bool Ok, string Note) result;
            while (true)
            {
                evaluations++;
                result = await evaluator.EvaluateAsync(probe.Kind, cancellationToken);
                if (result.Ok || Time.GetElapsedTime(started) >= probe.Timeout)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken);
            }

            var outage = result.Ok ? Time.GetElapsedTime(started) : probe.Timeout;
            Conclude(probe, result.Ok, evaluations, result.Ok ? TimeSpan.Zero : outage, result.Note);
            if (!result.Ok && probe.AbortOnFailure)
            {
                Abort($"probe '{probe.Name}' ({PlanNames.Of(probe.Kind)}, {PlanNames.Of(mode)}) failed: {result.Note}");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>Evaluates a probe every interval; the steady state may be lost for up to its tolerance.</summary>
    private async Task ContinuousProbeAsync(ProbeSpec probe, ProbeEvaluator evaluator, CancellationToken cancellationToken)
    {
        var evaluations = 0;
        long? lostSince = null;
        var longest = TimeSpan.Zero;
        var failed = false;
        var note = "held";
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(probe.Interval, Time, cancellationToken);
                evaluations++;
                var (ok, text) = await evaluator.EvaluateAsync(probe.Kind, cancellationToken);
                if (ok)
                {
                    lostSince = null;
                    continue;
                }

                lostSince ??= Time.GetTimestamp();
                var outage = Time.GetElapsedTime(lostSince.Value);
                longest = outage > longest ? outage : longest;
                if (outage > probe.Tolerance && !failed)
                {
                    failed = true;
                    note = $"steady state lost for {outage.TotalSeconds:0.###} s (tolerance {probe.Tolerance.TotalSeconds:0.###} s) at {Elapsed.TotalSeconds:0.###} s: {text}";
                    if (probe.AbortOnFailure)
                    {
                        Abort($"probe '{probe.Name}' ({PlanNames.Of(probe.Kind)}, continuous) {note}");
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Conclude(probe, !failed, evaluations, longest, note);
        }
    }

    private void Conclude(ProbeSpec probe, bool passed, int evaluations, TimeSpan outage, string note)
    {
        lock (_probes)
        {
            _probes.Add(new ProbeOutcome(probe.Name, PlanNames.Of(probe.Kind), PlanNames.Of(probe.Mode), passed, evaluations, outage, note));
        }

        Recorder.Event(HistoryOps.ChaosPrefix + "probe", probe.Name, passed ? "pass" : "fail", error: passed ? null : note,
            details: new Dictionary<string, string> { ["kind"] = PlanNames.Of(probe.Kind), ["mode"] = PlanNames.Of(probe.Mode) });
    }

    private void Abort(string reason)
    {
        _abortReason ??= reason;
        Recorder.Event(HistoryOps.ChaosPrefix + "abort", error: reason);
        options.OnEvent?.Invoke(new ChaosEvent(Elapsed, "abort", "abort", "-", reason));
        _abort.Cancel();
    }
}
