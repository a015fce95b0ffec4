using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Billing.Service;

/// <summary>Validates <see cref="BillingOptions"/>, reporting every problem with its configuration path.</summary>
internal sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem, as "Billing:Property: message".</summary>
    public static IEnumerable<string> Errors(BillingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return $"{BillingConstants.ConfigurationSection}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}";
        }

        if (options.MaxOpenBatches > options.MaxBatches)
        {
            yield return $"{BillingConstants.ConfigurationSection}:MaxOpenBatches: {options.MaxOpenBatches} open batches can never be reached with MaxBatches {options.MaxBatches}; lower it to at most MaxBatches.";
        }
    }
}
