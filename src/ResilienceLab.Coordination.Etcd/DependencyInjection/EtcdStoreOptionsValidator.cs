using Microsoft.Extensions.Options;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>Reports every problem of bound <see cref="EtcdStoreOptions"/>, one sentence each, at host start.</summary>
internal sealed class EtcdStoreOptionsValidator : IValidateOptions<EtcdStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, EtcdStoreOptions options)
    {
        var errors = options.GetValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
