using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>
/// The agent's HTTP API (<see cref="AgentProtocol"/>): bearer-token authentication on every request — a request without
/// the token is refused with 401 and logged (never the token it carried) — then one fault operation per path. An
/// authenticated command (a POST) renews the controller's lease before anything else.
/// </summary>
internal sealed class AgentEndpoints(FaultAgent agent, byte[] token, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var ct = context.RequestAborted;
        if (Refusal(request) is { } why)
        {
            logger.LogWarning("Refused {Method} {Path} from {Remote}: {Reason}", request.Method, request.Path.Value, context.Connection.RemoteIpAddress, why);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = AgentProtocol.BearerScheme;
            await context.Response.WriteAsync($"unauthorized: {why}\n", ct);
            return;
        }

        var path = request.Path.Value ?? "";
        var isGet = HttpMethods.IsGet(request.Method);

        // Only the controller's commands renew the lease: someone watching the status must not keep faults alive.
        if (!isGet)
        {
            agent.Renew();
        }

        if (path == AgentProtocol.StatusPath ? !isGet : !HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        try
        {
            var status = path switch
            {
                AgentProtocol.StatusPath or AgentProtocol.LeasePath => agent.Status(),
                AgentProtocol.PausePath => await agent.PauseAsync(ct),
                AgentProtocol.ResumePath => agent.Resume(),
                AgentProtocol.PartitionPath => agent.Partition(),
                AgentProtocol.ResetPath => agent.Reset(),
                AgentProtocol.HealPath => agent.Heal(),
                AgentProtocol.LatencyPath => agent.SetLatency(Duration(request, AgentProtocol.LatencyQuery, required: true), Duration(request, AgentProtocol.JitterQuery, required: false)),
                AgentProtocol.StoreFaultPath => StoreFault(request),
                _ => null,
            };
            if (status is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync($"no such agent operation: {path}\n", ct);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(status, JsonSerializerOptions.Web), ct);
        }
        catch (FormatException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(e.Message + "\n", ct);
        }
        catch (AgentRefusedException e)
        {
            logger.LogWarning("Refused {Path}: {Reason}", path, e.Message);
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsync(e.Message + "\n", ct);
        }
    }

    /// <summary>Why the request is not authenticated, or null when it carries the token (compared in constant time).</summary>
    private string? Refusal(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var prefix = AgentProtocol.BearerScheme + " ";
        if (header.Length == 0)
        {
            return "no Authorization header";
        }

        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return $"the Authorization header is not a {AgentProtocol.BearerScheme} token";
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), token) ? null : "wrong bearer token";
    }

    private AgentStatus StoreFault(HttpRequest request)
    {
        var fault = request.Query[AgentProtocol.FaultQuery].ToString();
        if (fault is not ("unavailable" or "indeterminate"))
        {
            throw new FormatException($"{AgentProtocol.FaultQuery}: expected unavailable or indeterminate, found '{fault}'");
        }

        if (!double.TryParse(request.Query[AgentProtocol.ProbabilityQuery], NumberStyles.Float, CultureInfo.InvariantCulture, out var probability) || probability is < 0 or > 1)
        {
            throw new FormatException($"{AgentProtocol.ProbabilityQuery}: expected a number from 0 to 1");
        }

        if (!long.TryParse(request.Query[AgentProtocol.SeedQuery], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            throw new FormatException($"{AgentProtocol.SeedQuery}: expected an integer");
        }

        return agent.SetStoreFault(fault == "unavailable", probability, seed);
    }

    private static TimeSpan Duration(HttpRequest request, string name, bool required)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0 && !required)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero
            ? value
            : throw new FormatException($"{name}: expected a non-negative duration such as 00:00:00.200, found '{text}'");
    }
}
