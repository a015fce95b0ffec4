using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>OpenTelemetry in the worker process.</summary>
public static class WorkerTelemetryExtensions
{
    /// <summary>
    /// When <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, adds the OpenTelemetry SDK subscribed to the meter and the activity
    /// source <see cref="CoordinationTelemetry.Name"/> (the primitives' metrics and activities, and the etcd client's store
    /// calls) and exporting them with OTLP, configured by the standard <c>OTEL_*</c> variables (protocol, headers, export
    /// interval). When it is not set, nothing is registered: no listener, no export, no network traffic.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (WorkerTelemetry.OtlpEndpoint(configuration) is null)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration[WorkerTelemetryConstants.ServiceNameVariable] ?? WorkerTelemetryConstants.DefaultServiceName,
                serviceInstanceId: configuration[$"{WorkerConstants.ConfigurationSection}:{nameof(ReplicaOptions.Name)}"] ?? new ReplicaOptions().Name))
            .WithMetrics(metrics => metrics.AddMeter(CoordinationTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(CoordinationTelemetry.Name))
            .UseOtlpExporter();
        return builder;
    }
}
