namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// Stable diagnostic codes. Errors are RLP0xx, warnings RLP1xx; docs/chaos-plans.md lists each with an example.
/// </summary>
public static class PlanDiagnosticCodes
{
    /// <summary>The plan file cannot be read (missing, unreadable, too large, not UTF-8 text).</summary>
    public const string FileUnreadable = "RLP001";

    /// <summary>The file is not well-formed YAML, or holds more or less than one document.</summary>
    public const string YamlSyntax = "RLP002";

    /// <summary>A field no section of this kind has (with a did-you-mean suggestion).</summary>
    public const string UnknownField = "RLP003";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "RLP004";

    /// <summary>A value of the wrong type (a list where a mapping is expected, a string where a number is, …).</summary>
    public const string WrongType = "RLP005";

    /// <summary>A value outside its closed set (unknown action, kind, mode, role, …).</summary>
    public const string UnknownValue = "RLP006";

    /// <summary>A malformed duration, or a duration out of its range.</summary>
    public const string InvalidDuration = "RLP007";

    /// <summary>A number out of its range.</summary>
    public const string OutOfRange = "RLP008";

    /// <summary>A key written twice in one mapping, or two steps, probes or checks with one name.</summary>
    public const string Duplicate = "RLP009";

    /// <summary>An apiVersion or kind this build does not read.</summary>
    public const string UnsupportedVersion = "RLP010";

    /// <summary>Two fields that exclude each other (count and until, endpoints and start).</summary>
    public const string ConflictingFields = "RLP011";

    /// <summary>A known field that does not apply here (latency on a kill step, namespace on a local target).</summary>
    public const string FieldNotApplicable = "RLP012";

    /// <summary>A malformed name, URL, namespace or label.</summary>
    public const string InvalidFormat = "RLP013";

    /// <summary>A schedule that cannot run as written (fires after the run ends, overruns it, never fires, …).</summary>
    public const string ImpossibleSchedule = "RLP020";

    /// <summary>A selector that can never match (a role the workload lacks, more replicas or members than exist, …).</summary>
    public const string ImpossibleSelection = "RLP021";

    /// <summary>A store kind the target cannot use (simulation with a real etcd, local with the simulated store, …).</summary>
    public const string IncompatibleStore = "RLP022";

    /// <summary>An action the target or store does not offer (partition on kubernetes, member kills on external etcd, …).</summary>
    public const string UnsupportedAction = "RLP023";

    /// <summary>Blast-radius guard: a kubernetes target without namespace and selector, or in a kube-* namespace.</summary>
    public const string BlastRadius = "RLP024";

    /// <summary>A probe or check needs a workload the plan does not enable, or the workload does nothing.</summary>
    public const string MissingWorkload = "RLP025";

    /// <summary>Values that contradict each other (heartbeat not below TTL, fractional etcd lease TTL, …).</summary>
    public const string InconsistentValues = "RLP026";

    /// <summary>A plan that expects to fail has no check that could fail.</summary>
    public const string NegativeControlWithoutCheck = "RLP027";

    /// <summary>Warning: a fault would still be active when the run ends, so recovery is not observed.</summary>
    public const string FaultOutlastsRun = "RLP101";

    /// <summary>Warning: a repeating fault lasts as long as its period, so firings overlap.</summary>
    public const string OverlappingFaults = "RLP102";

    /// <summary>Warning: a repeating step's until is after the end of the run.</summary>
    public const string UntilAfterRun = "RLP103";

    /// <summary>Warning: a check's bound is below the TTL it depends on, so killed holders can never meet it.</summary>
    public const string BoundBelowTtl = "RLP104";

    /// <summary>Warning: the workload cannot finish within workload.duration even without chaos.</summary>
    public const string WorkloadLongerThanRun = "RLP105";

    /// <summary>Warning: unsafe-*.yaml naming and expect: fail disagree, or an unsafe counter expects to pass.</summary>
    public const string NegativeControlNaming = "RLP106";

    /// <summary>Warning: an etcd lease TTL below etcd's minimum (etcd raises it).</summary>
    public const string EtcdMinimumTtl = "RLP107";

    /// <summary>Warning: a setting that has no effect (abortOnFailure on an end probe, no checks, …).</summary>
    public const string NoEffect = "RLP108";

    /// <summary>Warning: killing the only member of a single-member store stops the whole store.</summary>
    public const string WholeStoreOutage = "RLP109";

    /// <summary>Warning: the plan writes the store password itself; plans are committed and printed (use passwordFrom).</summary>
    public const string LiteralPassword = "RLP110";
}
