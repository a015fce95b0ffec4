using ResilienceLab.History;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.LeaderSafety;

/// <summary>
/// Leader election safety and liveness.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>split-brain</c>: two processes won the same term (leader.campaign ok, token = term) of one election.</item>
/// <item><c>term-regression</c>: a campaign invoked after another was won got a lower term.</item>
/// <item><c>stale-heartbeat</c>: a fenced leader.heartbeat ok with a lower term certainly committed after one
/// with a higher term (revision order when all carry one, else real time with the skew allowance).</item>
/// <item><c>heartbeat-after-newer-leader</c>: a fenced heartbeat invoked after a leader with a higher term had
/// been elected still committed (the leader is the lowest create revision, so the old leader's key was gone).</item>
/// <item><c>failover-late</c> / <c>no-failover</c>: after a chaos.kill of the leader (details role=leader, or the
/// killed process held the latest term then), a leader with a higher term must be elected within the bound.
/// No new leader at all is only reported if the history went on for longer than the bound.</item>
/// </list>
/// </remarks>
public sealed class LeaderSafetyCheck(LeaderSafetyOptions? options = null) : ICheck
{
    private readonly LeaderSafetyOptions _options = options ?? new LeaderSafetyOptions();

    /// <inheritdoc />
    public string Name => LeaderSafetyConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var terms = LeaderTermReconstruction.Reconstruct(history);
        var heartbeats = history.Operations.Where(o => o.Op is HistoryOps.LeaderWrite or HistoryOps.LeaderHeartbeat && o.IsOk && o.Token is not null).ToList();
        if (terms.Count == 0 && heartbeats.Count == 0)
        {
            return CheckResult.Pass(Name, "no elections in the history");
        }

        var violations = new List<Violation>();
        foreach (var election in terms.GroupBy(t => t.Election))
        {
            violations.AddRange(SplitBrains(history, election.Key, [.. election]));
            violations.AddRange(TermRegressions(history, election.Key, [.. election]));
        }

        var termOf = terms.GroupBy(t => (t.Process, t.Term)).ToDictionary(g => g.Key, g => g.First().Election);
        foreach (var group in heartbeats.GroupBy(h => termOf.TryGetValue((h.Process, h.Token!.Value), out var e) ? e : null))
        {
            var list = group.ToList();
            violations.AddRange(StaleHeartbeats(history, group.Key ?? list[0].Key!, list));
            if (group.Key is { } election)
            {
                violations.AddRange(HeartbeatsAfterNewerLeader(history, election, list, [.. terms.Where(t => t.Election == election)]));
            }
        }

        var (failovers, unjudged) = Failovers(history, terms, violations);
        var facts = $"{terms.Count} term(s) in {terms.Select(t => t.Election).Distinct().Count()} election(s), {heartbeats.Count} fenced heartbeat(s); {failovers} leader kill(s) checked for failover within {HistoryText.Seconds(_options.FailoverBound)}"
            + (unjudged > 0 ? $", {unjudged} too close to the end to judge" : string.Empty);
        return violations.Count == 0
            ? CheckResult.Pass(Name, facts)
            : CheckResult.Fail(Name, $"{violations.Count} violation(s): {string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))}; {facts}", violations, HistoryText.Origin(history));
    }

    private IEnumerable<Violation> SplitBrains(OperationHistory history, string election, List<LeaderTerm> terms)
    {
        foreach (var same in terms.GroupBy(t => t.Term).Where(g => g.Select(t => t.Process).Distinct().Count() > 1))
        {
            var pair = same.DistinctBy(t => t.Process).Take(2).ToList();
            yield return new Violation
            {
                Check = Name,
                Kind = LeaderSafetyConstants.SplitBrain,
                Key = election,
                Processes = [pair[0].Process, pair[1].Process],
                Tokens = [same.Key],
                Operations = [pair[0].Campaign, pair[1].Campaign],
                Start = pair.Min(t => t.Elected),
                End = pair.Max(t => t.Ended ?? history.End),
                Message = $"election {election}: {pair[0].Process} (elected at {HistoryText.At(history, pair[0].Elected)}) and {pair[1].Process} (elected at {HistoryText.At(history, pair[1].Elected)}) both won term {same.Key}: two leaders in one term.\n  {HistoryText.Describe(history, pair[0].Campaign)}\n  {HistoryText.Describe(history, pair[1].Campaign)}",
            };
        }
    }

    private IEnumerable<Violation> TermRegressions(OperationHistory history, string election, List<LeaderTerm> terms)
    {
        var byElected = terms.OrderBy(t => t.Elected).ToList();
        var next = 0;
        LeaderTerm? highest = null;
        foreach (var term in terms.OrderBy(t => t.Campaign.InvokeTicks))
        {
            while (next < byElected.Count && byElected[next].Elected + _options.ClockSkew < term.Campaign.InvokeTime)
            {
                if (highest is null || byElected[next].Term > highest.Term)
                {
                    highest = byElected[next];
                }

                next++;
            }

            if (highest is not null && term.Term < highest.Term)
            {
                yield return new Violation
                {
                    Check = Name,
                    Kind = LeaderSafetyConstants.TermRegression,
                    Key = election,
                    Processes = [term.Process, highest.Process],
                    Tokens = [term.Term, highest.Term],
                    Operations = [highest.Campaign, term.Campaign],
                    Start = highest.Elected,
                    End = term.Elected,
                    Message = $"election {election}: {term.Process} won term {term.Term} at {HistoryText.At(history, term.Elected)} with a campaign begun at {HistoryText.At(history, term.Campaign.InvokeTime)}, after {highest.Process} had won the higher term {highest.Term} at {HistoryText.At(history, highest.Elected)}: terms must increase.\n  {HistoryText.Describe(history, highest.Campaign)}\n  {HistoryText.Describe(history, term.Campaign)}",
                };
            }
        }
    }

    private IEnumerable<Violation> StaleHeartbeats(OperationHistory history, string group, List<Operation> heartbeats) =>
        Ordering.TokenInversions(heartbeats, _options.ClockSkew).Select(pair => new Violation
        {
            Check = Name,
            Kind = LeaderSafetyConstants.StaleHeartbeat,
            Key = group,
            Processes = [.. new[] { pair.Later.Process, pair.Earlier.Process }.Distinct()],
            Tokens = [pair.Later.Token!.Value, pair.Earlier.Token!.Value],
            Operations = [pair.Earlier, pair.Later],
            Start = pair.Earlier.InvokeTime,
            End = pair.Later.CompleteTime!.Value,
            Message = $"{group}: {pair.Later.Process}'s heartbeat fenced by term {pair.Later.Token} committed at {HistoryText.At(history, pair.Later.CompleteTime!.Value)} after {pair.Earlier.Process}'s heartbeat with the higher term {pair.Earlier.Token} had committed at {HistoryText.At(history, pair.Earlier.CompleteTime!.Value)}: a deposed leader's write was accepted.\n  {HistoryText.Describe(history, pair.Earlier)}\n  {HistoryText.Describe(history, pair.Later)}",
        });

    private IEnumerable<Violation> HeartbeatsAfterNewerLeader(OperationHistory history, string election, List<Operation> heartbeats, List<LeaderTerm> terms)
    {
        var byElected = terms.OrderBy(t => t.Elected).ToList();
        var next = 0;
        LeaderTerm? highest = null;
        foreach (var heartbeat in heartbeats.OrderBy(h => h.InvokeTicks))
        {
            while (next < byElected.Count && byElected[next].Elected + _options.ClockSkew < heartbeat.InvokeTime)
            {
                if (highest is null || byElected[next].Term > highest.Term)
                {
                    highest = byElected[next];
                }

                next++;
            }

            if (highest is not null && heartbeat.Token < highest.Term)
            {
                yield return new Violation
                {
                    Check = Name,
                    Kind = LeaderSafetyConstants.HeartbeatAfterNewerLeader,
                    Key = election,
                    Processes = [.. new[] { heartbeat.Process, highest.Process }.Distinct()],
                    Tokens = [heartbeat.Token!.Value, highest.Term],
                    Operations = [highest.Campaign, heartbeat],
                    Start = highest.Elected,
                    End = heartbeat.CompleteTime!.Value,
                    Message = $"election {election}: {heartbeat.Process}'s heartbeat fenced by term {heartbeat.Token} committed {HistoryText.Interval(history, heartbeat)} after {highest.Process} had been elected with the higher term {highest.Term} at {HistoryText.At(history, highest.Elected)}: two leaders acted at once.\n  {HistoryText.Describe(history, highest.Campaign)}\n  {HistoryText.Describe(history, heartbeat)}",
                };
            }
        }
    }

    private (int Checked, int Unjudged) Failovers(OperationHistory history, IReadOnlyList<LeaderTerm> terms, List<Violation> violations)
    {
        var (checkedCount, unjudged) = (0, 0);
        foreach (var kill in history.Events.Where(OperationHistory.IsKill))
        {
            var target = OperationHistory.KillTarget(kill)!;
            var saysLeader = kill.Details?.GetValueOrDefault(LeaderSafetyConstants.RoleDetail) == LeaderSafetyConstants.LeaderRole;
            var namedElection = kill.Details?.GetValueOrDefault(LeaderSafetyConstants.ElectionDetail);
            foreach (var election in terms.GroupBy(t => t.Election))
            {
                var before = election.Where(t => t.Elected <= kill.Time).ToList();
                var latest = before.MaxBy(t => t.Term);
                var ledByTarget = latest is not null && latest.Process == target && (latest.Ended is null || latest.Ended >= kill.Time);
                var applies = ledByTarget || (saysLeader && (namedElection is null || namedElection == election.Key));
                if (!applies)
                {
                    continue;
                }

                checkedCount++;
                var deposedTerm = latest?.Term ?? long.MinValue;
                var successor = election.Where(t => t.Term > deposedTerm && t.Elected >= kill.Time).MinBy(t => t.Elected);
                if (successor is null)
                {
                    if (history.End - kill.Time > _options.FailoverBound)
                    {
                        violations.Add(Failover(history, LeaderSafetyConstants.NoFailover, election.Key, kill, target, latest, null,
                            $"no leader with a higher term was elected before the history ended at {HistoryText.At(history, history.End)}, {HistoryText.Seconds(history.End - kill.Time)} later (bound {HistoryText.Seconds(_options.FailoverBound)})"));
                    }
                    else
                    {
                        unjudged++;
                    }
                }
                else if (successor.Elected - kill.Time > _options.FailoverBound)
                {
                    violations.Add(Failover(history, LeaderSafetyConstants.FailoverLate, election.Key, kill, target, latest, successor,
                        $"{successor.Process} was elected with term {successor.Term} only at {HistoryText.At(history, successor.Elected)}, {HistoryText.Seconds(successor.Elected - kill.Time)} later (bound {HistoryText.Seconds(_options.FailoverBound)})"));
                }
            }
        }

        return (checkedCount, unjudged);
    }

    private Violation Failover(OperationHistory history, string kind, string election, HistoryEntry kill, string target, LeaderTerm? deposed, LeaderTerm? successor, string what) => new()
    {
        Check = Name,
        Kind = kind,
        Key = election,
        Processes = successor is null ? [target] : [target, successor.Process],
        Tokens = [.. new[] { deposed?.Term, successor?.Term }.OfType<long>()],
        Operations = [.. new[] { deposed?.Campaign, successor?.Campaign }.OfType<Operation>()],
        Start = kill.Time,
        End = successor?.Elected ?? history.End,
        Message = $"election {election}: leader {target}{(deposed is null ? string.Empty : $" (term {deposed.Term})")} was killed at {HistoryText.At(history, kill.Time)} by {kill.Process} ({HistoryText.Where(history, kill)}); {what}.",
    };
}
