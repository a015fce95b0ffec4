namespace ResilienceLab.Chaos.Local;

/// <summary>Defaults of <see cref="LocalReplicaSetOptions"/>.</summary>
public static class LocalReplicaSetConstants
{
    /// <summary>Replicas are named <c>&lt;prefix&gt;-&lt;ordinal&gt;</c>, as the simulation names them.</summary>
    public const string DefaultNamePrefix = "replica";

    /// <summary>Prefix of the replica contract's environment variables (docs/replica-contract.md).</summary>
    public const string EnvironmentPrefix = "RESLAB_";

    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultRestartDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the back-off between restarts of replicas that keep dying before they become ready (a crash loop).</summary>
    public static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for SIGKILLed processes to be reaped before giving up on them.</summary>
    public static readonly TimeSpan KillWaitTimeout = TimeSpan.FromSeconds(5);
}

/// <summary>Settings of a <see cref="LocalReplicaSet"/>.</summary>
public sealed class LocalReplicaSetOptions
{
    /// <summary>What each replica runs: a team's service (<see cref="ReplicaCommand.FromPlan"/>) or the reference worker (<see cref="ReplicaCommand.ReferenceWorker"/>).</summary>
    public required ReplicaCommand Command { get; set; }

    /// <summary>The run's directory: <c>history/&lt;name&gt;.jsonl</c>, <c>logs/&lt;name&gt;.log</c> and <c>ready/&lt;name&gt;</c> go under it.</summary>
    public required string RunDirectory { get; set; }

    /// <summary>Comma-separated store client URLs (<c>Store:Endpoints</c> of every replica).</summary>
    public required string StoreEndpoints { get; set; }

    /// <summary>The store's kind as the plan names it (<c>etcd</c>, <c>nats</c>): the contract's <c>RESLAB_Store__Kind</c>.</summary>
    public string StoreKind { get; set; } = "etcd";

    /// <summary>
    /// Per-replica store endpoints (replica name → comma-separated URLs), e.g. each replica's own fault proxies;
    /// null: every replica uses <see cref="StoreEndpoints"/>.
    /// </summary>
    public Func<string, string>? EndpointsFor { get; set; }

    /// <summary>How many replicas run at once.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>Name prefix; replicas are <c>&lt;prefix&gt;-0</c>, <c>&lt;prefix&gt;-1</c>, … and replacements take the next ordinal.</summary>
    public string NamePrefix { get; set; } = LocalReplicaSetConstants.DefaultNamePrefix;

    /// <summary>More variables for every replica (e.g. <c>RESLAB_Store__CallTimeout</c>); they win over the generated ones.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long <see cref="LocalReplicaSet.StartAsync"/> and <see cref="LocalReplicaSet.WaitReadyAsync"/> wait by default.</summary>
    public TimeSpan ReadyTimeout { get; set; } = LocalReplicaSetConstants.DefaultReadyTimeout;

    /// <summary>On stop: how long replicas get between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopTimeout { get; set; } = LocalReplicaSetConstants.DefaultStopTimeout;

    /// <summary>How long after a replica exits its replacement starts (doubling while replicas die before becoming ready); null: no replacement.</summary>
    public TimeSpan? RestartDelay { get; set; } = LocalReplicaSetConstants.DefaultRestartDelay;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Command is null)
        {
            errors.Add("Command is not set.");
        }
        else
        {
            errors.AddRange(Command.GetValidationErrors());
        }

        if (string.IsNullOrWhiteSpace(RunDirectory))
        {
            errors.Add("RunDirectory is empty.");
        }

        if (string.IsNullOrWhiteSpace(StoreEndpoints))
        {
            errors.Add("StoreEndpoints is empty: give the etcd client URLs, e.g. http://127.0.0.1:2379.");
        }

        if (Replicas < 0)
        {
            errors.Add($"Replicas is {Replicas}; it must be 0 or more.");
        }

        if (string.IsNullOrWhiteSpace(NamePrefix) || !System.Text.RegularExpressions.Regex.IsMatch(NamePrefix, "^[A-Za-z0-9][A-Za-z0-9._-]{0,50}$"))
        {
            errors.Add($"NamePrefix '{NamePrefix}' must be 1-51 letters, digits, '.', '_' or '-' (replica names must stay valid Replica:Name values).");
        }

        if (ReadyTimeout <= TimeSpan.Zero || StopTimeout <= TimeSpan.Zero || RestartDelay < TimeSpan.Zero)
        {
            errors.Add($"ReadyTimeout ({ReadyTimeout}) and StopTimeout ({StopTimeout}) must be positive, RestartDelay ({RestartDelay}) not negative.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid local replica set options: " + string.Join(" ", errors));
        }
    }
}
