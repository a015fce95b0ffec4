using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ResilienceLab.Worker;

/// <summary>Logging of the worker process.</summary>
public static class WorkerLoggingExtensions
{
    /// <summary>The timestamp format: ISO 8601 in UTC, to the millisecond, so logs of several replicas merge by sorting.</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>One line per entry on stdout — <c>2026-11-24T18:56:01.123Z info: Category[0] message</c> — without colours (logs usually go to files).</summary>
    public static IHostApplicationBuilder AddWorkerLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = TimestampFormat;
            options.IncludeScopes = false;
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        return builder;
    }
}
