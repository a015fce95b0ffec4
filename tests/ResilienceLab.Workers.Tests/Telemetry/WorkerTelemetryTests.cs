using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ResilienceLab.Coordination;
using ResilienceLab.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;

namespace ResilienceLab.Workers.Tests.Telemetry;

/// <summary>
/// The worker's OpenTelemetry: with OTLP configured, the primitives' metrics and activities and the etcd client's store
/// calls flow out (to a collector on 127.0.0.1); without it, no SDK is registered at all.
/// </summary>
public sealed class WorkerTelemetryTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("reslab-telemetry-").FullName;
    private EtcdCluster _etcd = null!;

    public async Task InitializeAsync() =>
        _etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true, BaseDirectory = _directory });

    public async Task DisposeAsync()
    {
        await _etcd.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AddWorkerTelemetry_OtlpEndpointSet_LockAcquisitionsAndStoreCallsReachTheCollector()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        var metrics = new List<MetricSnapshot>();
        var activities = new List<Activity>();
        var settings = Settings();
        settings[WorkerTelemetryConstants.OtlpEndpointVariable] = collector.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        using var host = ReplicaHost.Build(settings, b =>
        {
            b.AddStore();
            b.AddWorkerTelemetry();
            // Exported only when the test flushes, on the test's thread, so the list is never read while it is written.
            b.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics, r => r.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue));
            b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(activities));
        });
        await host.StartAsync();
        var meters = host.Services.GetRequiredService<MeterProvider>();
        var tracers = host.Services.GetRequiredService<TracerProvider>();

        // The task worker takes /locks/tasks/0 to work on the one task.
        await Eventually.WaitAsync(
            () => meters.ForceFlush() && Acquired(metrics) > 0,
            Timeout,
            () => $"no {CoordinationTelemetry.LockAcquisitions} with outcome=acquired; metrics seen: {string.Join(", ", metrics.Select(m => m.Name).Distinct())}");
        // The OTLP exporter sends on its own thread: a flush hands the batch over, the request arrives a moment later.
        await Eventually.WaitAsync(
            () => meters.ForceFlush() && collector.Received("/v1/metrics", CoordinationTelemetry.LockAcquisitions),
            Timeout,
            () => $"the collector got no {CoordinationTelemetry.LockAcquisitions}: {collector.Paths()}");
        await Eventually.WaitAsync(
            () => tracers.ForceFlush() && collector.Received("/v1/traces", "etcd txn"),
            Timeout,
            () => $"the collector got no etcd store call: {collector.Paths()}");
        await host.StopAsync();
        tracers.Dispose(); // no activity ends into the list from here on: it can be read safely

        Assert.True(collector.Received("/v1/metrics", "replica-t"), "the replica's name is not the exported service instance");

        // The store calls a lock acquisition made are its children: one trace from the primitive down to etcd.
        // (The first acquisition: on a loaded machine the session may expire and the lock be taken again, and a call may
        // be retried, so neither the number of acquisitions nor of attempts is fixed.)
        var acquire = activities.First(a => a.DisplayName == "lock.acquire" && (string?)a.GetTagItem("reslab.key") == "/locks/tasks/0" && a.GetTagItem("reslab.token") is not null);
        var calls = activities.Where(a => a.ParentSpanId == acquire.SpanId && a.DisplayName.StartsWith("etcd ", StringComparison.Ordinal)).ToList();
        Assert.Contains(calls, a => a.DisplayName == "etcd txn");
        // A call the host's stop cancelled before its first attempt went to no member: 0 attempts, no endpoint.
        Assert.All(calls, call =>
        {
            var attempts = Assert.IsType<int>(call.GetTagItem("reslab.attempts"));
            Assert.InRange(attempts, 0, 10);
            Assert.Equal(("etcd", attempts > 0 ? _etcd.ClientEndpoints[0] : null), (call.GetTagItem("db.system.name"), call.GetTagItem("reslab.endpoint")));
        });
        Assert.Contains(calls, call => call.DisplayName == "etcd txn" && (int)call.GetTagItem("reslab.attempts")! > 0);
    }

    [Fact]
    public async Task AddWorkerTelemetry_OtlpEndpointNotSet_RegistersNoOpenTelemetryProvider()
    {
        using var host = ReplicaHost.Build(Settings(), b =>
        {
            b.AddStore();
            b.AddWorkerTelemetry();
        });
        await host.StartAsync();

        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.Null(host.Services.GetService<TracerProvider>());
        await host.StopAsync();
    }

    private static long Acquired(List<MetricSnapshot> metrics) =>
        metrics.Where(m => m.Name == CoordinationTelemetry.LockAcquisitions)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tag(p, "outcome") == "acquired" && Tag(p, "lock") == "/locks/tasks/0")
            .Sum(p => p.GetSumLong());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Replica:Name"] = "replica-t",
        ["Replica:LockTtl"] = "00:00:02",
        ["Replica:Tasks:Count"] = "1",
        ["Replica:Tasks:Steps"] = "2",
        ["Replica:Tasks:StepDuration"] = "00:00:00.010",
        ["Replica:Election:Enabled"] = "false",
        ["Store:Endpoints"] = _etcd.ConnectionString,
    };
}
