using System.ComponentModel.DataAnnotations;

namespace Billing.Service;

/// <summary>The billing service's settings, bound from the <c>Billing</c> section and validated on start.</summary>
public sealed class BillingOptions
{
    /// <summary>Every key the service writes starts with this (batches, checkpoints, locks, totals, the scheduler election).</summary>
    [Required]
    [RegularExpression("^/[A-Za-z0-9_./-]*[A-Za-z0-9_-]$", ErrorMessage = "must start with '/' and not end with '/', e.g. /billing")]
    public string KeyPrefix { get; set; } = BillingConstants.DefaultKeyPrefix;

    /// <summary>Invoice chunks (checkpointed steps) per batch the leader schedules.</summary>
    [Range(1, 1000)]
    public int StepsPerBatch { get; set; } = BillingConstants.DefaultStepsPerBatch;

    /// <summary>How long one chunk of invoices takes to render and send.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StepDuration { get; set; } = BillingConstants.DefaultStepDuration;

    /// <summary>How often the leader looks whether a new batch is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ScheduleInterval { get; set; } = BillingConstants.DefaultScheduleInterval;

    /// <summary>How often an idle replica looks for unclaimed batches (and how long, times four, it queues on a held one).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdlePoll { get; set; } = BillingConstants.DefaultIdlePoll;

    /// <summary>Most batches scheduled but not yet complete at once.</summary>
    [Range(1, 1000)]
    public int MaxOpenBatches { get; set; } = BillingConstants.DefaultMaxOpenBatches;

    /// <summary>Batches the leader schedules in all (one billing run).</summary>
    [Range(1, 1_000_000)]
    public int MaxBatches { get; set; } = BillingConstants.DefaultMaxBatches;

    /// <summary>Batches one replica processes at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = BillingConstants.DefaultMaxConcurrent;

    /// <summary>
    /// The buggy twin: the lock is trusted from acquire to release — a batch's loop does not stop when the lock is lost,
    /// and checkpoints are written with a plain put instead of the lock's fenced compare-and-swap. Never set it outside
    /// the tests and plans that prove it is caught.
    /// </summary>
    public bool UnfencedCheckpoints { get; set; }
}
