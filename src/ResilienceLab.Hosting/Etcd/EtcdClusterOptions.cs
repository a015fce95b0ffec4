using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Hosting;

/// <summary>How <see cref="EtcdCluster"/> starts local etcd members (all on 127.0.0.1).</summary>
public sealed class EtcdClusterOptions
{
    /// <summary>Number of members: 1, or 3 (or 5, 7) for a cluster that survives losing a member.</summary>
    [Range(1, EtcdClusterConstants.MaxMembers)]
    public int Members { get; set; } = 1;

    /// <summary>The etcd binary: a path, or a name looked up on PATH.</summary>
    [Required]
    public string EtcdPath { get; set; } = EtcdClusterConstants.DefaultEtcdPath;

    /// <summary>
    /// Adds <c>--heartbeat-interval=50 --election-timeout=300</c>: faster leader failover, and a minimum lease TTL of 1 s instead of 2 s.
    /// </summary>
    public bool FastFailureDetection { get; set; } = true;

    /// <summary>How long a member may take to become healthy (have a leader and serve a linearizable read).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = EtcdClusterConstants.DefaultStartTimeout;

    /// <summary>How long a SIGTERM'd member may take to exit before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = EtcdClusterConstants.DefaultStopTimeout;

    /// <summary>Where the run's directory (mode 0700: data dirs and logs) is created; null means the system temp directory.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>TLS on the client URLs (https), or null for plain http.</summary>
    public EtcdServerTls? Tls { get; set; }

    /// <summary>More etcd flags, appended to every member's command line.</summary>
    public IList<string> ExtraArguments { get; set; } = new List<string>();

    /// <summary>Clock of the start and stop deadlines and health polling (etcd itself runs on real time).</summary>
    [Required]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Members < 1 || Members > EtcdClusterConstants.MaxMembers)
        {
            errors.Add($"EtcdClusterOptions.Members = {Members} is out of range: use 1 to {EtcdClusterConstants.MaxMembers} (an odd number: 1 or 3).");
        }

        if (string.IsNullOrWhiteSpace(EtcdPath))
        {
            errors.Add("EtcdClusterOptions.EtcdPath is empty: give 'etcd' (looked up on PATH) or a path such as /usr/bin/etcd.");
        }

        if (StartTimeout < TimeSpan.FromSeconds(1) || StartTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"EtcdClusterOptions.StartTimeout = {StartTimeout} is out of range: use 1 s to 10 min (default {EtcdClusterConstants.DefaultStartTimeout}).");
        }

        if (StopTimeout < TimeSpan.Zero || StopTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"EtcdClusterOptions.StopTimeout = {StopTimeout} is out of range: use 0 to 10 min (default {EtcdClusterConstants.DefaultStopTimeout}).");
        }

        if (TimeProvider is null)
        {
            errors.Add("EtcdClusterOptions.TimeProvider is null: use TimeProvider.System.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid etcd cluster options: " + string.Join(" ", errors), "options");
        }
    }
}
