using ResilienceLab.Chaos.Plans;
using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.Actions.StoreFault;

/// <summary>
/// The one meaning of a <c>store-fault</c> step on every target: from now until healed, each store call the replica
/// makes independently, with <see cref="Probability"/>, either fails before it is sent (<c>unavailable</c>: certainly
/// not applied) or is carried out with its reply lost (<c>indeterminate</c>: applied, the caller cannot know). A replica
/// has at most one store fault: a later step replaces the earlier one, whatever its kind. The simulation sets its
/// client's two chances from <see cref="RequestFailure"/> and <see cref="ReplyLoss"/>; a worker process (local, or in a
/// pod with the agent) gets the same two through its fault file (<c>InjectedStoreFaults</c>).
/// </summary>
public readonly record struct StoreFault(StoreFaultKind Kind, double Probability)
{
    /// <summary>Chance that a call fails before it is sent.</summary>
    public double RequestFailure => Kind == StoreFaultKind.Unavailable ? Probability : 0;

    /// <summary>Chance that a call is carried out and its reply lost.</summary>
    public double ReplyLoss => Kind == StoreFaultKind.Indeterminate ? Probability : 0;

    /// <summary>
    /// The line a worker's fault file carries for this fault (<c>InjectedStoreFaults.Apply</c> reads it), its dice seeded
    /// with <paramref name="seed"/>: what the local target writes, and the Kubernetes agent writes inside the pod.
    /// </summary>
    public string FaultFileLine(long seed) => InjectedStoreFaults.Format(Kind == StoreFaultKind.Unavailable, Probability, seed);

    /// <summary>The step's fault: <c>unavailable</c> and probability 1 unless the step says otherwise (<see cref="StoreFaultArguments"/>).</summary>
    public static StoreFault Of(ChaosStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var arguments = step.ArgumentsAs<StoreFaultArguments>();
        return new StoreFault(arguments.Fault, arguments.Probability);
    }
}
