namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private void ValidateTiming(ChaosStep step, string path, string label)
    {
        string P(string field) => PlanContext.Join(path, field);
        var run = Workload.Duration;
        var runText = $"the run ends at {F(run)} (workload.duration)";
        if (!context.Sound(P("at"), P("every"), P("count"), P("until"), P("jitter")))
        {
            return;
        }

        var first = step.At ?? step.Every ?? TimeSpan.Zero;
        var firstField = step.At is not null ? "at" : "every";
        if (first >= run)
        {
            context.Error(P(firstField), PlanDiagnosticCodes.ImpossibleSchedule, $"{label} first fires at {F(first)}, but {runText}");
            return;
        }

        if (first + step.Jitter >= run)
        {
            context.Error(P("jitter"), PlanDiagnosticCodes.ImpossibleSchedule, $"{label}: with jitter up to {F(step.Jitter)} it may fire at {F(first + step.Jitter)}, but {runText}");
            return;
        }

        var last = first;
        if (step.Every is { } every)
        {
            if (step.Jitter >= every)
            {
                context.Error(P("jitter"), PlanDiagnosticCodes.ImpossibleSchedule, $"{label}: jitter {F(step.Jitter)} must be shorter than the period every: {F(every)}, or firings could swap order");
                return;
            }

            if (step.Count is { } count)
            {
                last = first + (every * (count - 1));
                if (last + step.Jitter >= run)
                {
                    var fit = ((run - step.Jitter - first).Ticks - 1) / every.Ticks + 1;
                    context.Error(P("count"), PlanDiagnosticCodes.ImpossibleSchedule, $"{label} fires {count} times every {F(every)} from {F(first)}: the last firing, at {F(last + step.Jitter)}{(step.Jitter > TimeSpan.Zero ? " with jitter" : string.Empty)}, comes after {runText}; at most {fit} fit");
                    return;
                }
            }
            else if (step.Until is { } until)
            {
                if (until < first)
                {
                    context.Error(P("until"), PlanDiagnosticCodes.ImpossibleSchedule, $"{label}: until {F(until)} is before the first firing at {F(first)}, so the step never fires");
                    return;
                }

                if (until >= run)
                {
                    context.Warning(P("until"), PlanDiagnosticCodes.UntilAfterRun, $"{label}: until {F(until)} is not before the end of the run ({F(run)}); the step stops when the run ends");
                }
            }

            last = LastFiring(first, every, step.Until, run);
        }

        if (step.Arguments.Duration is { } duration && context.Sound(P("duration")))
        {
            ValidateFaultLength(step, path, label, duration, last);
        }
    }

    /// <summary>The last nominal firing of a step without count, computed rather than enumerated (periods can be short).</summary>
    private static TimeSpan LastFiring(TimeSpan first, TimeSpan every, TimeSpan? until, TimeSpan run)
    {
        var firings = until is { } end && end < run
            ? ((end - first).Ticks / every.Ticks) + 1
            : (((run - first).Ticks - 1) / every.Ticks) + 1;
        return first + TimeSpan.FromTicks(every.Ticks * Math.Max(0, firings - 1));
    }

    private void ValidateFaultLength(ChaosStep step, string path, string label, TimeSpan duration, TimeSpan lastFiring)
    {
        var run = Workload.Duration;
        var durationPath = PlanContext.Join(path, "duration");
        var action = PlanNames.Of(step.Action);
        if (duration >= run)
        {
            context.Error(durationPath, PlanDiagnosticCodes.ImpossibleSchedule, $"{label}: the {action} lasts {F(duration)}, as long as or longer than the whole run ({F(run)})");
            return;
        }

        if (step.Every is { } every && duration >= every)
        {
            var message = $"{label}: each {action} lasts {F(duration)} but the step fires every {F(every)}, so the faults overlap";
            if (step.Action == ChaosActionKind.KillEtcdQuorum)
            {
                context.Error(durationPath, PlanDiagnosticCodes.ImpossibleSchedule, $"{message}; a quorum cannot be killed again before it is restored");
                return;
            }

            context.Warning(durationPath, PlanDiagnosticCodes.OverlappingFaults, message);
        }

        var end = lastFiring + step.Jitter + duration;
        if (end > run)
        {
            context.Warning(durationPath, PlanDiagnosticCodes.FaultOutlastsRun, $"{label}: the {action} fired at {F(lastFiring + step.Jitter)} would last until {F(end)}, after the run ends at {F(run)}; it is healed at the end and recovery is not observed");
        }
    }

    /// <summary>Warns about a lasting fault with neither a duration nor a later step that undoes it.</summary>
    private void ValidateHealing(ChaosStep step, string path, string label)
    {
        var undoneBy = step.Action switch
        {
            ChaosActionKind.Partition or ChaosActionKind.Latency or ChaosActionKind.StoreFault or ChaosActionKind.ClockSkew => ChaosActionKind.Heal,
            ChaosActionKind.KillEtcdMember => ChaosActionKind.RestartEtcdMember,
            _ => (ChaosActionKind?)null,
        };
        if (undoneBy is not { } undo || step.Arguments.Duration is not null || context.Written(PlanContext.Join(path, "duration")))
        {
            return;
        }

        var start = step.At ?? step.Every ?? TimeSpan.Zero;
        if (!plan.Schedule.Any(s => s.Action == undo && (s.At ?? s.Every ?? TimeSpan.Zero) > start))
        {
            context.Warning(PlanContext.Join(path, "action"), PlanDiagnosticCodes.FaultOutlastsRun, $"{label}: the {PlanNames.Of(step.Action)} has no duration and no later {PlanNames.Of(undo)} step, so it lasts until the run ends and recovery is not observed");
        }
    }
}
