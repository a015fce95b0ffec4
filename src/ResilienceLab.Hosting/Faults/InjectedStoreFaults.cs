using System.Globalization;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Hosting;

/// <summary>
/// Faults injected into one <see cref="EtcdKeyValueStore"/>'s calls (its <see cref="IEtcdCallFaults"/>) — a chaos plan's <c>store-fault</c> step on a local
/// replica — each call independently, with a seeded source so a run replays: <see cref="RequestFailure"/> is the
/// chance that a request fails before it leaves (a Polly chaos fault in the call's pipeline: unavailable, retried like
/// any unavailable call); <see cref="ReplyLoss"/> the chance that a request runs but its reply is lost (a mutation
/// becomes indeterminate, never retried; a read unavailable). Thread-safe; changed at any time.
/// </summary>
public sealed class InjectedStoreFaults : IEtcdCallFaults
{
    private readonly Lock _gate = new();
    private DeterministicRandom _random = new(0);

    /// <summary>Chance in [0, 1] that a request fails before it is sent.</summary>
    public double RequestFailure { get; private set; }

    /// <summary>Chance in [0, 1] that a request is carried out and its reply lost.</summary>
    public double ReplyLoss { get; private set; }

    /// <summary>Injects from now on; <paramref name="seed"/> restarts the dice.</summary>
    public void Set(double requestFailure, double replyLoss, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestFailure, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requestFailure, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replyLoss, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replyLoss, 1);
        lock (_gate)
        {
            (RequestFailure, ReplyLoss, _random) = (requestFailure, replyLoss, new DeterministicRandom(seed));
        }
    }

    /// <summary>Stops injecting.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            (RequestFailure, ReplyLoss) = (0, 0);
        }
    }

    /// <summary>
    /// Reads the one-line form a controller writes: <c>unavailable 0.3 seed=42</c>, <c>indeterminate 1 seed=7</c>, or
    /// an empty text for none. Throws <see cref="FormatException"/> naming what was expected.
    /// </summary>
    public void Apply(string text)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            Clear();
            return;
        }

        if (parts.Length != 3 || !parts[2].StartsWith("seed=", StringComparison.Ordinal)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) || probability is < 0 or > 1
            || !long.TryParse(parts[2]["seed=".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            throw new FormatException($"store fault '{text.Trim()}': expected '<unavailable|indeterminate> <probability 0..1> seed=<integer>', or nothing");
        }

        switch (parts[0])
        {
            case "unavailable":
                Set(probability, 0, seed);
                break;
            case "indeterminate":
                Set(0, probability, seed);
                break;
            default:
                throw new FormatException($"store fault '{text.Trim()}': the kind must be 'unavailable' or 'indeterminate', not '{parts[0]}'");
        }
    }

    /// <summary>The one-line form of a fault, for <see cref="Apply"/>.</summary>
    public static string Format(bool unavailable, double probability, long seed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(unavailable ? "unavailable" : "indeterminate")} {probability} seed={seed}");

    /// <summary>
    /// The dice seed of <paramref name="replica"/>'s store faults in a run seeded <paramref name="runSeed"/>: a run replays
    /// its fault pattern, and replicas do not share one.
    /// </summary>
    public static long SeedFor(long runSeed, string replica) => (long)(new DeterministicRandom(runSeed).Fork(replica).NextUInt64() >> 1);

    /// <inheritdoc />
    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    /// <inheritdoc />
    public bool LoseReply()
    {
        lock (_gate)
        {
            return ReplyLoss > 0 && _random.NextDouble() < ReplyLoss;
        }
    }
}
