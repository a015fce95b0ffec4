using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ResilienceLab.Workers;

/// <summary>Validates <see cref="ReplicaOptions"/> and every nested section, reporting all problems with their configuration paths.</summary>
public sealed class ReplicaOptionsValidator : IValidateOptions<ReplicaOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplicaOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem, as "Replica:Path: message".</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ReplicaOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(TaskWorkerOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ElectionWorkerOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(CounterWorkerOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "DataAnnotations reads the properties and their attributes by reflection; DynamicDependency keeps them in a trimmed or native build.")]
    public static IEnumerable<string> Errors(ReplicaOptions options)
    {
        foreach (var (path, section) in new (string, object)[]
        {
            (WorkerConstants.ConfigurationSection, options),
            ($"{WorkerConstants.ConfigurationSection}:Tasks", options.Tasks),
            ($"{WorkerConstants.ConfigurationSection}:Election", options.Election),
            ($"{WorkerConstants.ConfigurationSection}:Counter", options.Counter),
        })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return $"{path}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}";
            }
        }

        if (options.Tasks.Enabled && options.Tasks.StepDuration >= options.LockTtl)
        {
            yield return $"{WorkerConstants.ConfigurationSection}:Tasks:StepDuration: a step ({options.Tasks.StepDuration}) must be shorter than the lock TTL ({options.LockTtl}), or no holder could ever commit.";
        }
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(ReplicaOptions options)
    {
        var errors = Errors(options).ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(WorkerConstants.ConfigurationSection, typeof(ReplicaOptions), errors);
        }
    }
}
