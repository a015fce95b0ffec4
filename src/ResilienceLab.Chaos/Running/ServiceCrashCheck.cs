using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.Running;

/// <summary>
/// The <c>service-crash</c> check of a simulated run: a replica's program (the reference workers, or a team's hosted
/// services) let an exception escape. In production that stops the host; in the simulation the replica's work stops
/// where it threw, so the other checks see only its silence (a liveness violation at best). This names the exception.
/// </summary>
public static class ServiceCrashCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "service-crash";

    /// <summary>The kind of its violations.</summary>
    public const string UnhandledException = "unhandled-exception";

    /// <summary>A failed check naming each replica's escaped exception (with its stack), or null when none crashed.</summary>
    /// <param name="replicas">Each replica and what escaped it (null: nothing did).</param>
    /// <param name="at">Where the violations sit on the timeline (the history's start: when it threw is not recorded).</param>
    public static CheckResult? Of(IEnumerable<(string Replica, Exception? Crash)> replicas, DateTimeOffset at)
    {
        var violations = replicas.Where(c => c.Crash is not null).Select(c => new Violation
        {
            Check = Name,
            Kind = UnhandledException,
            Message = $"{c.Replica}: {c.Crash}",
            Processes = [c.Replica],
            Start = at,
            End = at,
        }).ToList();
        return violations.Count == 0
            ? null
            : CheckResult.Fail(Name, $"{violations.Count} replica(s) let an exception escape (in production it stops the host)", violations);
    }
}
