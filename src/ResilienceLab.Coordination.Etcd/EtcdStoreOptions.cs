using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>Options of an <see cref="EtcdKeyValueStore"/>.</summary>
public sealed class EtcdStoreOptions
{
    /// <summary>
    /// Client URLs of the members, e.g. <c>http://127.0.0.1:2379</c>. A bare <c>host:port</c> is read as
    /// <c>http://host:port</c>. With several, a call that fails on one member is retried on the next.
    /// </summary>
    [Required]
    [MinLength(1)]
    public IList<string> Endpoints { get; set; } = new List<string>();

    /// <summary>Deadline of each attempt of each call (the watch stream itself has none; its (re)creation has).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CallTimeout { get; set; } = EtcdStoreConstants.DefaultCallTimeout;

    /// <summary>Retries after the first attempt, for calls that are safe to retry (see <see cref="EtcdKeyValueStore"/>). 0 disables retries.</summary>
    [Range(0, EtcdStoreConstants.MaxRetriesLimit)]
    public int MaxRetries { get; set; } = EtcdStoreConstants.DefaultMaxRetries;

    /// <summary>Base delay of the exponential back-off between retries; Polly adds jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = EtcdStoreConstants.DefaultRetryBaseDelay;

    /// <summary>Upper bound of one back-off delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = EtcdStoreConstants.DefaultRetryMaxDelay;

    /// <summary>Faults to inject into this client's calls (chaos experiments), or null for none.</summary>
    public IEtcdCallFaults? Faults { get; set; }

    /// <summary>
    /// The etcd user to authenticate as (etcd with <c>auth enable</c>), with <see cref="Password"/> or
    /// <see cref="PasswordFile"/>; null connects without authentication. The store authenticates once per member and
    /// re-authenticates when etcd rejects its token (expired, revoked, or the auth store changed), then retries the call.
    /// </summary>
    public string? Username { get; set; }

    /// <summary>
    /// The user's password. Prefer <see cref="PasswordFile"/> (a mounted Secret): a password in configuration is easily
    /// printed by something else. The store never prints it (<see cref="ToString"/> and every error leave it out).
    /// </summary>
    public string? Password { get; set; }

    /// <summary>
    /// A file holding the user's password (one trailing newline ignored), e.g. a Kubernetes Secret mounted as a volume.
    /// Read again at each authentication, so a rotated Secret is picked up at the next token refresh.
    /// </summary>
    public string? PasswordFile { get; set; }

    /// <summary>Client TLS for <c>https://</c> endpoints: CA, client certificate and key, server name.</summary>
    public EtcdTlsOptions Tls { get; set; } = new();

    /// <summary>Clock of timeouts and back-off delays.</summary>
    [Required]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Options for a comma-separated list of endpoints, as etcdctl's <c>--endpoints</c> takes them.</summary>
    public static EtcdStoreOptions FromEndpoints(string endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return new EtcdStoreOptions
        {
            Endpoints = endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        };
    }

    /// <summary>Every problem with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Endpoints is null || Endpoints.Count == 0)
        {
            errors.Add("EtcdStoreOptions.Endpoints is empty: give at least one etcd client URL, e.g. http://127.0.0.1:2379.");
        }
        else
        {
            for (var i = 0; i < Endpoints.Count; i++)
            {
                if (!TryNormalizeEndpoint(Endpoints[i], out _))
                {
                    errors.Add($"EtcdStoreOptions.Endpoints[{i}] = '{Endpoints[i]}' is not an etcd client URL: expected http://host:port or https://host:port, e.g. http://127.0.0.1:2379.");
                }
            }
        }

        if (CallTimeout < EtcdStoreConstants.MinimumCallTimeout || CallTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"EtcdStoreOptions.CallTimeout = {CallTimeout} is out of range: it must be between {EtcdStoreConstants.MinimumCallTimeout} and 1 day (default {EtcdStoreConstants.DefaultCallTimeout}).");
        }

        if (MaxRetries < 0 || MaxRetries > EtcdStoreConstants.MaxRetriesLimit)
        {
            errors.Add($"EtcdStoreOptions.MaxRetries = {MaxRetries} is out of range: it must be between 0 and {EtcdStoreConstants.MaxRetriesLimit} (default {EtcdStoreConstants.DefaultMaxRetries}).");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"EtcdStoreOptions.RetryBaseDelay = {RetryBaseDelay} is out of range: it must be between 0 and 1 minute (default {EtcdStoreConstants.DefaultRetryBaseDelay}).");
        }

        if (RetryMaxDelay < RetryBaseDelay || RetryMaxDelay > TimeSpan.FromMinutes(10))
        {
            errors.Add($"EtcdStoreOptions.RetryMaxDelay = {RetryMaxDelay} is out of range: it must be at least RetryBaseDelay ({RetryBaseDelay}) and at most 10 minutes (default {EtcdStoreConstants.DefaultRetryMaxDelay}).");
        }

        if (TimeProvider is null)
        {
            errors.Add("EtcdStoreOptions.TimeProvider is null: use TimeProvider.System for a real etcd.");
        }

        errors.AddRange(CredentialErrors());
        if (Tls is not null)
        {
            errors.AddRange(Tls.GetValidationErrors());
            if (Tls.IsConfigured && Endpoints is { Count: > 0 } && Endpoints.Any(e => TryNormalizeEndpoint(e, out var url) && !url.StartsWith("https://", StringComparison.Ordinal)))
            {
                errors.Add("EtcdStoreOptions.Tls is set but an endpoint is http://: TLS needs https:// endpoints, e.g. https://127.0.0.1:2379.");
            }
        }

        return errors;
    }

    /// <summary>The options as text for logs: endpoints, user and TLS files, never the password (only whether and where one is given).</summary>
    public override string ToString()
    {
        var password = PasswordFile is not null ? $"file {PasswordFile}" : Password is not null ? "(set, not shown)" : "(none)";
        var user = Username is null ? "(no authentication)" : $"{Username}, password {password}";
        var tls = Tls is { IsConfigured: true } ? Tls.ToString() : "(none)";
        return $"etcd {string.Join(',', Endpoints ?? [])}: user {user}; tls {tls}; call timeout {CallTimeout}, max retries {MaxRetries}";
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid etcd store options: " + string.Join(" ", errors), "options");
        }
    }

    private IEnumerable<string> CredentialErrors()
    {
        if (Username is null)
        {
            if (Password is not null || PasswordFile is not null)
            {
                yield return "EtcdStoreOptions.Password/PasswordFile is set without a Username: give the etcd user too (e.g. root).";
            }

            yield break;
        }

        if (string.IsNullOrWhiteSpace(Username))
        {
            yield return "EtcdStoreOptions.Username is empty: give the etcd user (e.g. root), or leave it unset to connect without authentication.";
        }

        if (Password is not null && PasswordFile is not null)
        {
            yield return "EtcdStoreOptions: both Password and PasswordFile are set: give one (prefer PasswordFile, a mounted Secret).";
        }
        else if (Password is null && PasswordFile is null)
        {
            yield return $"EtcdStoreOptions.Username = '{Username}' has no password: set PasswordFile (a mounted Secret) or Password.";
        }
        else if (PasswordFile is not null && !File.Exists(PasswordFile))
        {
            yield return $"EtcdStoreOptions.PasswordFile = '{PasswordFile}': no such file (the password of user '{Username}', e.g. a mounted Secret key).";
        }
    }

    /// <summary>The endpoints as absolute URLs, after <see cref="Validate"/>.</summary>
    internal IReadOnlyList<string> NormalizedEndpoints() =>
        Endpoints.Select(e => TryNormalizeEndpoint(e, out var url) ? url : throw new ArgumentException($"Invalid etcd endpoint '{e}'.", nameof(Endpoints))).ToList();

    internal static bool TryNormalizeEndpoint(string? endpoint, out string url)
    {
        url = "";
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return false;
        }

        var text = endpoint.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || !HasExplicitPort(text)
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            return false;
        }

        url = $"{uri.Scheme}://{uri.Host}:{uri.Port}";
        return true;
    }

    // "http://host" would silently mean port 80; etcd listens on 2379, so the port must be spelled out.
    private static bool HasExplicitPort(string url)
    {
        var authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1;
    }
}
