using ResilienceLab.Chaos.Actions;

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// One entry of the <c>schedule</c>: an action, when it fires (<see cref="At"/> once, or <see cref="Every"/> with
/// <see cref="Count"/> or <see cref="Until"/>), what it hits and its action's <see cref="Arguments"/>. Times count from the
/// start of the run.
/// </summary>
public sealed record ChaosStep
{
    /// <summary>A lowercase name, unique in the plan; reports and chaos events name it.</summary>
    public required string Name { get; init; }

    /// <summary>What the step does.</summary>
    public required ChaosActionKind Action { get; init; }

    /// <summary>When a one-shot step fires; for a repeating step, its first firing (default: <see cref="Every"/>).</summary>
    public TimeSpan? At { get; init; }

    /// <summary>Period of a repeating step.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>How many times a repeating step fires (at most); null = until <see cref="Until"/> or the end of the run.</summary>
    public int? Count { get; init; }

    /// <summary>A repeating step does not fire after this time.</summary>
    public TimeSpan? Until { get; init; }

    /// <summary>Each firing is delayed by a random amount in [0, jitter], drawn from the run's seeded random source.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// The action's arguments: the common <see cref="ChaosActionArguments.Selector"/> and
    /// <see cref="ChaosActionArguments.Duration"/>, and for an action with its own a derived record
    /// (<see cref="ArgumentsAs{T}"/>).
    /// </summary>
    public ChaosActionArguments Arguments { get; init; } = new();

    /// <summary>Where the step is written in the plan, for runtime messages ("step at plan.yaml:31:5 matched no replica").</summary>
    public PlanLocation Location { get; init; }

    /// <summary>The action's own arguments record (e.g. <c>LatencyArguments</c> of a latency step).</summary>
    /// <exception cref="InvalidOperationException">The step's arguments are of another type: a step built for another action.</exception>
    public T ArgumentsAs<T>()
        where T : ChaosActionArguments =>
        Arguments as T ?? throw new InvalidOperationException($"step '{Name}' ({PlanNames.Of(Action)}) has {Arguments.GetType().Name}, not {typeof(T).Name}");

    /// <summary>True when the step repeats.</summary>
    public bool Repeats => Every is not null;

    /// <summary>
    /// The nominal firing times (before jitter) that fall inside a run of <paramref name="runDuration"/>, in order.
    /// </summary>
    public IReadOnlyList<TimeSpan> FiringTimes(TimeSpan runDuration)
    {
        if (Every is not { } every)
        {
            return At is { } at && at < runDuration ? [at] : [];
        }

        if (every <= TimeSpan.Zero)
        {
            return [];
        }

        var times = new List<TimeSpan>();
        var last = Until is { } until && until < runDuration ? until : runDuration;
        for (var t = At ?? every; t < runDuration && t <= last && (Count is not { } count || times.Count < count); t += every)
        {
            times.Add(t);
        }

        return times;
    }
}
