using ResilienceLab.Benchmarks.Stores;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>Writes the side-by-side comparison: <c>comparison.md</c> and <c>comparison.json</c>.</summary>
internal static class ComparisonReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static (string Markdown, string Json) Write(string directory, ChaosPlan plan, long seed, IReadOnlyList<StoreOutcome> stores, IReadOnlyList<StorePrimitives> bench)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "comparison.md");
        var json = Path.Combine(directory, "comparison.json");
        File.WriteAllText(markdown, Markdown(plan, seed, stores, bench));
        File.WriteAllText(json, JsonSerializer.Serialize(Model(plan, seed, stores, bench), Json));
        return (markdown, json);
    }

    private static string Markdown(ChaosPlan plan, long seed, IReadOnlyList<StoreOutcome> stores, IReadOnlyList<StorePrimitives> bench)
    {
        var md = new StringBuilder();
        var names = stores.Select(s => PlanNames.Of(s.Store)).ToList();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {string.Join(" vs ", names)}: {plan.Metadata.Name}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Plan `{plan.SourceFile ?? plan.Metadata.Name}`, seed {seed}, target local ({plan.Target.Replicas} worker processes), each store started by the run on loopback. Same workers, same schedule, same checkers.");
        md.AppendLine();
        md.AppendLine("## Verdicts");
        md.AppendLine();
        Header(md, "check", names);
        var checks = stores.Where(s => s.Verdict is not null).SelectMany(s => s.Verdict!.Results.Select(r => r.Name)).Distinct().ToList();
        foreach (var check in checks)
        {
            Row(md, check, stores.Select(s => s.Verdict?.Results.FirstOrDefault(r => r.Name == check) is { } r ? $"{r.Status.ToString().ToUpperInvariant()}: {Escape(r.Summary)}" : "-"));
        }

        Row(md, "**overall**", stores.Select(s => $"**{s.Status}**" + (s.Error is null ? "" : $" {Escape(s.Error)}")));
        md.AppendLine();
        md.AppendLine("## From the run's histories");
        md.AppendLine();
        Header(md, "measure", names);
        Row(md, "lock take-over after its holder was hit: p50 / p99 (n)", stores.Select(s => Latency(s.Metrics?.TakeOver)));
        Row(md, "leader failover after the leader was hit: p50 / p99 (n)", stores.Select(s => Latency(s.Metrics?.Failover)));
        Row(md, "counter CAS increments/s (counter workload)", stores.Select(s => s.Metrics?.CasOpsPerSecond is { } r ? $"{r:0} ({s.Metrics.CasIncrements} increments)" : "n/a (no counter workload)"));
        Row(md, "run length", stores.Select(s => s.Run is null ? "-" : $"{s.Run.Elapsed.TotalSeconds:0.0} s"));
        md.AppendLine();
        md.AppendLine("A hit is a kill, pause, partition or terminate of a replica; take-over is the time from the hit to the next `lock.acquire ok` on a lock the replica held, failover to the next `leader.campaign ok` by another replica. n counts hits whose lock or leadership changed hands; a hit that ended before a successor appeared is not a sample.");
        md.AppendLine();
        md.AppendLine("## Faults");
        md.AppendLine();
        Header(md, "step", names);
        foreach (var step in stores.SelectMany(s => s.Metrics?.Faults ?? []).Select(f => f.Step).Distinct())
        {
            Row(md, step, stores.Select(s => s.Metrics?.Faults.FirstOrDefault(f => f.Step == step) is { } f
                ? $"{f.Outcome}{(f.Action == "-" ? "" : $" ({f.Action}{(f.Target is null ? "" : " " + f.Target)})")}{(f.Note is null ? "" : $": {Escape(f.Note)}")}"
                : "-"));
        }

        if (bench.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Primitives, measured directly");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Lock TTL {StoreBenchmark.Ttl.TotalSeconds:0} s; a holder acquires on a fresh session and never renews; a waiter starts at a random phase of its poll interval. Take-over is measured from acquire + TTL.");
            md.AppendLine();
            var benchNames = bench.Select(b => PlanNames.Of(b.Store)).ToList();
            Header(md, "measure", benchNames);
            var variants = bench.Max(b => b.TakeOver.Count);
            for (var i = 0; i < variants; i++)
            {
                Row(md, i == 0 ? "take-over after expiry: p50 / p99 (n)" : "", bench.Select(b => i < b.TakeOver.Count ? $"{b.TakeOver[i].Variant}: {Latency(LatencySample.Of(b.TakeOver[i].AfterExpiry))}" : ""));
            }

            foreach (var writers in StoreBenchmark.Writers)
            {
                Row(md, $"CAS increments/s, {writers} writer(s)", bench.Select(b => b.Cas.FirstOrDefault(c => c.Writers == writers) is { } c ? $"{c.OpsPerSecond:0}" : "-"));
            }
        }

        md.AppendLine();
        md.AppendLine("## What the tokens mean");
        md.AppendLine();
        md.AppendLine("- etcd: a fencing token / term is the holder key's create revision, a fenced write is one txn guarded by it: the write commits only while the lock is held.");
        md.AppendLine("- nats: a token / term is the lock entry's creation revision (a stream sequence of the locks bucket); a fenced write checks the lock entry, then compare-and-swaps the data key on the revision read before the check. Writes to a key stay in token order, but a write delayed past the lock's expiry can still commit before the next holder writes that key. See docs/etcd-vs-nats.md.");
        md.AppendLine();
        md.AppendLine("Per-store reports (JUnit, JSON, Markdown, HTML timeline, merged history) are in the sub-directories named after each store.");
        return md.ToString();
    }

    private static object Model(ChaosPlan plan, long seed, IReadOnlyList<StoreOutcome> stores, IReadOnlyList<StorePrimitives> bench) => new
    {
        plan = plan.Metadata.Name,
        planFile = plan.SourceFile,
        seed,
        stores = stores.Select(s => new
        {
            store = PlanNames.Of(s.Store),
            status = s.Status,
            error = s.Error,
            reports = s.ReportDirectory,
            elapsedSeconds = s.Run?.Elapsed.TotalSeconds,
            checks = s.Verdict?.Results.Select(r => new { name = r.Name, status = r.Status.ToString(), summary = r.Summary, violations = r.Violations.Count }),
            takeOverMs = LatencyModel(s.Metrics?.TakeOver),
            failoverMs = LatencyModel(s.Metrics?.Failover),
            casOpsPerSecond = s.Metrics?.CasOpsPerSecond,
            casIncrements = s.Metrics?.CasIncrements,
            faults = s.Metrics?.Faults.Select(f => new { step = f.Step, action = f.Action, target = f.Target, outcome = f.Outcome, note = f.Note }),
        }),
        primitives = bench.Select(b => new
        {
            store = PlanNames.Of(b.Store),
            ttlSeconds = StoreBenchmark.Ttl.TotalSeconds,
            takeOverAfterExpiryMs = b.TakeOver.Select(t => new { variant = t.Variant, latency = LatencyModel(LatencySample.Of(t.AfterExpiry)) }),
            cas = b.Cas.Select(c => new { writers = c.Writers, opsPerSecond = c.OpsPerSecond, increments = c.Increments }),
        }),
    };

    private static object? LatencyModel(LatencySample? s) =>
        s is null ? null : new { n = s.Count, missing = s.Missing, p50 = s.P50, p99 = s.P99, max = s.Max, mean = s.Mean, samples = s.Milliseconds };

    private static string Latency(LatencySample? s) =>
        s is null || s.Count == 0 ? $"- (n=0{(s?.Missing > 0 ? $", {s.Missing} never taken over" : "")})"
            : string.Create(CultureInfo.InvariantCulture, $"{Ms(s.P50!.Value)} / {Ms(s.P99!.Value)} (n={s.Count}{(s.Missing > 0 ? $", {s.Missing} never" : "")})");

    private static string Ms(double ms) => ms >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s") : string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms");

    private static void Header(StringBuilder md, string first, IReadOnlyList<string> names)
    {
        md.AppendLine($"| {first} | {string.Join(" | ", names)} |");
        md.AppendLine($"|---|{string.Concat(names.Select(_ => "---|"))}");
    }

    private static void Row(StringBuilder md, string first, IEnumerable<string> cells) =>
        md.AppendLine($"| {first} | {string.Join(" | ", cells)} |");

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
