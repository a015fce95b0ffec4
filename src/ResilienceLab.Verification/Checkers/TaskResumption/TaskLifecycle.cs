using Stateless;
using Stateless.Graph;

namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>
/// The life of one task as a state machine: Unclaimed → Held(owner, token) → Orphaned(holder lost at t)
/// → Held(new owner) → … → Completed. The intent methods take what the history shows and decide
/// whether it moves the task (an old holder's late loss does not orphan a task a newer holder took over).
/// </summary>
internal sealed class TaskLifecycle
{
    private readonly StateMachine<State, Trigger> _machine;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<TaskHolder> _claim;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<TaskHolder> _resume;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<TaskOrphaning> _expire;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<long> _commit;
    private readonly StateMachine<State, Trigger>.TriggerWithParameters<DateTimeOffset> _complete;
    private readonly List<TaskResumptionRecord> _resumptions = [];
    private State _state = State.Unclaimed;

    public TaskLifecycle(string task)
    {
        Task = task;

        // Queued: a transition's entry action never re-enters the machine mid-transition.
        _machine = new StateMachine<State, Trigger>(() => _state, s => _state = s, FiringMode.Queued);
        _claim = _machine.SetTriggerParameters<TaskHolder>(Trigger.Claim);
        _resume = _machine.SetTriggerParameters<TaskHolder>(Trigger.Resume);
        _expire = _machine.SetTriggerParameters<TaskOrphaning>(Trigger.Expire);
        _commit = _machine.SetTriggerParameters<long>(Trigger.Commit);
        _complete = _machine.SetTriggerParameters<DateTimeOffset>(Trigger.Complete);

        _machine.Configure(State.Unclaimed)
            .Permit(Trigger.Claim, State.Held)
            .Permit(Trigger.Complete, State.Completed);

        _machine.Configure(State.Held)
            .OnEntryFrom(_claim, holder => Owner = holder)
            .OnEntryFrom(_resume, OnResumed)
            .PermitReentry(Trigger.Resume)
            .InternalTransition(_commit, (step, _) => RecordCommit(step))
            .Permit(Trigger.Expire, State.Orphaned)
            .Permit(Trigger.Complete, State.Completed);

        _machine.Configure(State.Orphaned)
            .OnEntryFrom(_expire, orphaning => Orphaning = orphaning)
            .Permit(Trigger.Resume, State.Held)
            .InternalTransition(_commit, (step, _) => RecordCommit(step))
            .Permit(Trigger.Complete, State.Completed);

        _machine.Configure(State.Completed)
            .OnEntryFrom(_complete, at => CompletedAt = at)
            .Ignore(Trigger.Claim)
            .Ignore(Trigger.Resume)
            .Ignore(Trigger.Expire)
            .Ignore(Trigger.Commit)
            .Ignore(Trigger.Complete);

        _machine.OnUnhandledTrigger((state, trigger) =>
            throw new InvalidOperationException($"Task {Task}: {trigger} is not expected while {state}; the checker fired a trigger out of order."));
    }

    private enum State
    {
        Unclaimed,
        Held,
        Orphaned,
        Completed,
    }

    private enum Trigger
    {
        Claim,
        Expire,
        Resume,
        Commit,
        Complete,
    }

    /// <summary>The task key.</summary>
    public string Task { get; }

    /// <summary>The current (or last) holder.</summary>
    public TaskHolder? Owner { get; private set; }

    /// <summary>How the task was orphaned, while it is.</summary>
    public TaskOrphaning? Orphaning { get; private set; }

    /// <summary>The highest step committed so far.</summary>
    public long? LastCommittedStep { get; private set; }

    /// <summary>When task.complete was recorded.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>Every time the task was taken over after being orphaned.</summary>
    public IReadOnlyList<TaskResumptionRecord> Resumptions => _resumptions;

    public bool IsUnclaimed => _state == State.Unclaimed;

    public bool IsHeld => _state == State.Held;

    public bool IsOrphaned => _state == State.Orphaned;

    public bool IsCompleted => _state == State.Completed;

    /// <summary>A process acquired the task's lock. The first holder claims it; later ones resume it.</summary>
    public void Claim(TaskHolder holder)
    {
        if (_state == State.Unclaimed)
        {
            _machine.Fire(_claim, holder);
        }
        else
        {
            Resume(holder);
        }
    }

    /// <summary>
    /// A newer holder took the task: from Orphaned (a resumption, timed), or from Held by an older token
    /// (a takeover whose loss the old holder had not recorded yet). Re-acquisition by the owner is a no-op.
    /// </summary>
    public void Resume(TaskHolder holder)
    {
        var isNewer = Owner is null || holder.Token > Owner.Token || (holder.Token == Owner.Token && holder.Process != Owner.Process);
        if (_state is State.Orphaned || (_state is State.Held && isNewer))
        {
            _machine.Fire(_resume, holder);
        }
    }

    /// <summary>A holder stopped holding the task. Only the current owner's loss orphans it.</summary>
    public void Expire(TaskOrphaning orphaning)
    {
        if (_state == State.Held && orphaning.Holder.Process == Owner?.Process && orphaning.Holder.Token == Owner.Token)
        {
            _machine.Fire(_expire, orphaning);
        }
    }

    /// <summary>A step was committed (ok). A committer not seen acquiring the lock becomes the holder.</summary>
    public void Commit(long step, TaskHolder committer)
    {
        if (_state == State.Unclaimed)
        {
            _machine.Fire(_claim, committer);
        }
        else if (committer.Token > (Owner?.Token ?? long.MinValue))
        {
            Resume(committer);
        }

        // A commit changes no state: it is the internal transition configured above in Held and Orphaned (and ignored once
        // Completed; Unclaimed was claimed just above), so its effect is applied here without Fire. Stateless searches its
        // handlers with a dozen iterators and delegates on every Fire, and commits are most of a task's history: firing them
        // was 300 KB of a simulated seed's 5.5 MB (issue 20). The machine still draws and defines the transition.
        if (_state is State.Held or State.Orphaned)
        {
            RecordCommit(step);
        }
    }

    /// <summary>The task's last step is committed.</summary>
    public void Complete(DateTimeOffset at) => _machine.Fire(_complete, at);

    /// <summary>The machine as a Graphviz DOT graph (for docs).</summary>
    public string ToDotGraph() => UmlDotGraph.Format(_machine.GetInfo());

    private void RecordCommit(long step) => LastCommittedStep = Math.Max(LastCommittedStep ?? step, step);

    private void OnResumed(TaskHolder holder)
    {
        // Orphaning is only set while orphaned: a takeover from Held is not a timed resumption.
        if (Orphaning is { } orphaning)
        {
            _resumptions.Add(new TaskResumptionRecord(orphaning, holder));
        }

        Orphaning = null;
        Owner = holder;
    }
}
