using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Worker;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>
/// A replica host built in the test process from the worker's own registrations (health endpoint, replica, and what
/// the caller adds: the store, telemetry), with the given settings only — no environment, no appsettings.json.
/// </summary>
internal static class ReplicaHost
{
    public static IHost Build(Dictionary<string, string?> settings, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddHealthEndpoint();
        builder.AddReplica();
        configure(builder);
        return builder.Build();
    }

    /// <summary>GETs <paramref name="path"/> on the loopback health endpoint: the status code and the body.</summary>
    public static async Task<(int Status, string Body)> ProbeAsync(HttpClient http, int port, string path)
    {
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
