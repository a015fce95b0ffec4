using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP receiver on 127.0.0.1 that keeps every request body: enough to see what an exporter sent (names and
/// attribute values are plain UTF-8 strings inside the protobuf). It answers 200 with an empty body, a valid empty
/// export response.
/// </summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _requests = new();

    private FakeOtlpCollector()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _requests.Enqueue((context.Request.Path.Value!, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
    }

    /// <summary>The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint => _app.Urls.Single();

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var collector = new FakeOtlpCollector();
        await collector._app.StartAsync();
        return collector;
    }

    /// <summary>Whether a request to <paramref name="path"/> carried <paramref name="text"/>.</summary>
    public bool Received(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _requests.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    /// <summary>The paths requested so far, for failure messages.</summary>
    public string Paths() => string.Join(", ", _requests.Select(r => $"{r.Path} ({r.Body.Length} bytes)"));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
