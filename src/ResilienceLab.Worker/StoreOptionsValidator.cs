using Microsoft.Extensions.Options;

namespace ResilienceLab.Worker;

/// <summary>Validates <see cref="StoreOptions"/>, reporting every problem with its configuration path.</summary>
public sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem, as "Store:Key: message".</summary>
    public static IEnumerable<string> Errors(StoreOptions options)
    {
        const string Section = WorkerHostConstants.StoreSection;
        var nats = string.Equals(options.Kind, WorkerHostConstants.NatsKind, StringComparison.OrdinalIgnoreCase);
        if (!nats && !string.Equals(options.Kind, WorkerHostConstants.EtcdKind, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:Kind: '{options.Kind}' is not a store a worker process can use; set it to '{WorkerHostConstants.EtcdKind}' or '{WorkerHostConstants.NatsKind}'.";
        }

        var endpoints = options.EndpointList();
        if (endpoints.Count == 0)
        {
            yield return nats
                ? $"{Section}:Endpoints: missing; give the NATS server URLs, comma-separated, e.g. RESLAB_Store__Endpoints=nats://127.0.0.1:4222."
                : $"{Section}:Endpoints: missing; give the etcd client URLs, comma-separated, e.g. RESLAB_Store__Endpoints=http://127.0.0.1:2379.";
        }
        else if (nats)
        {
            foreach (var error in options.ToNatsOptions(TimeProvider.System).GetValidationErrors().Where(e => e.StartsWith("NatsBackendOptions.Url", StringComparison.Ordinal)))
            {
                yield return $"{Section}:Endpoints: {error}";
            }
        }
        else
        {
            // The etcd client knows what it accepts; report its sentences under our configuration key.
            var etcd = options.ToEtcdOptions(TimeProvider.System);
            foreach (var error in etcd.GetValidationErrors().Where(e => e.StartsWith("EtcdStoreOptions.Endpoints", StringComparison.Ordinal)))
            {
                yield return $"{Section}:Endpoints: {error}";
            }

            // Credentials and TLS: the client's sentences already name the setting (Username, PasswordFile, Tls.CaFile, …).
            foreach (var error in etcd.GetValidationErrors().Where(e => !e.StartsWith("EtcdStoreOptions.Endpoints", StringComparison.Ordinal)
                && (e.Contains("Username", StringComparison.Ordinal) || e.Contains("Password", StringComparison.Ordinal) || e.Contains("Tls", StringComparison.Ordinal))))
            {
                yield return $"{Section}: {error}";
            }
        }

        if (options.CallTimeout < TimeSpan.FromMilliseconds(10) || options.CallTimeout > TimeSpan.FromMinutes(10))
        {
            yield return $"{Section}:CallTimeout: {options.CallTimeout} is out of range; it must be between 00:00:00.010 and 00:10:00.";
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(1) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:PollInterval: {options.PollInterval} is out of range; it must be between 00:00:00.001 and 00:01:00.";
        }

        if (options.StartupTimeout <= TimeSpan.Zero || options.StartupTimeout > TimeSpan.FromDays(1))
        {
            yield return $"{Section}:StartupTimeout: {options.StartupTimeout} is out of range; it must be positive and at most 1.00:00:00.";
        }
    }
}
