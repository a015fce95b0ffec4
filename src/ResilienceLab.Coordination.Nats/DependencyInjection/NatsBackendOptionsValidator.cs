using Microsoft.Extensions.Options;

namespace ResilienceLab.Coordination.Nats;

/// <summary>Reports every problem of bound <see cref="NatsBackendOptions"/>, one sentence each, at host start.</summary>
internal sealed class NatsBackendOptionsValidator : IValidateOptions<NatsBackendOptions>
{
    public ValidateOptionsResult Validate(string? name, NatsBackendOptions options)
    {
        var errors = options.GetValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
