using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ResilienceLab.Coordination.Nats;

/// <summary>Settings of a <see cref="NatsCoordinationBackend"/>.</summary>
public sealed partial class NatsBackendOptions
{
    /// <summary>The server URL(s), comma-separated: <c>nats://127.0.0.1:4222</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Deadline of each call. A write whose deadline passes has an unknown outcome.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = NatsBackendConstants.DefaultCallTimeout;

    /// <summary>How often waiters retry a lock or candidacy and observers re-read a leader (see <see cref="NatsBackendConstants.DefaultPollInterval"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = NatsBackendConstants.DefaultPollInterval;

    /// <summary>Prefix of the two buckets (letters, digits, '-' and '_').</summary>
    [Required(AllowEmptyStrings = false)]
    public string BucketPrefix { get; set; } = NatsBackendConstants.DefaultBucketPrefix;

    /// <summary>The clock deadlines, keep-alive and polling run on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Every problem, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var errors = results.Select(r => $"NatsBackendOptions.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        foreach (var url in (Url ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss") || string.IsNullOrEmpty(uri.Host))
            {
                errors.Add($"NatsBackendOptions.Url: '{url}' is not a NATS URL; expected nats://host:port, e.g. nats://127.0.0.1:4222.");
            }
        }

        if (!string.IsNullOrEmpty(BucketPrefix) && !BucketName().IsMatch(BucketPrefix))
        {
            errors.Add($"NatsBackendOptions.BucketPrefix: '{BucketPrefix}' may only hold letters, digits, '-' and '_'.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();
}
