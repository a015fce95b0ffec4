namespace Billing.Service;

/// <summary>Defaults and names of the billing service.</summary>
public static class BillingConstants
{
    /// <summary>The configuration section of <see cref="BillingOptions"/>.</summary>
    public const string ConfigurationSection = "Billing";

    /// <summary>The configuration key of the replica's name (the simulation harness and the local plans set it; on Kubernetes the pod name is used).</summary>
    public const string ReplicaNameKey = "Replica:Name";

    /// <summary>Every key the service writes starts with this.</summary>
    public const string DefaultKeyPrefix = "/billing";

    /// <summary>Invoice chunks per batch: each chunk is one checkpointed step.</summary>
    public const int DefaultStepsPerBatch = 8;

    /// <summary>How long rendering and sending one chunk of invoices takes.</summary>
    public static readonly TimeSpan DefaultStepDuration = TimeSpan.FromMilliseconds(400);

    /// <summary>How often the leader looks whether a new batch is due.</summary>
    public static readonly TimeSpan DefaultScheduleInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle replica looks for unclaimed batches.</summary>
    public static readonly TimeSpan DefaultIdlePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Most batches scheduled but not yet complete at once.</summary>
    public const int DefaultMaxOpenBatches = 4;

    /// <summary>Batches the leader schedules in all (one billing run); bounds the work of a run.</summary>
    public const int DefaultMaxBatches = 24;

    /// <summary>Batches one replica processes at once.</summary>
    public const int DefaultMaxConcurrent = 2;
}
