namespace ResilienceLab.Worker;

/// <summary>Names of the worker's telemetry settings (docs/worker.md, "Telemetry").</summary>
public static class WorkerTelemetryConstants
{
    /// <summary>The standard OpenTelemetry variable whose presence turns OTLP export on (e.g. <c>http://otel-collector:4317</c>).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable naming the service in exported telemetry; default <see cref="DefaultServiceName"/>.</summary>
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    /// <summary>The service name of exported telemetry when <see cref="ServiceNameVariable"/> is not set; the replica's name is the instance id.</summary>
    public const string DefaultServiceName = "reslab-worker";
}
