using ResilienceLab.Chaos.Plans;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Local;

/// <summary>
/// What a <see cref="LocalReplicaSet"/> starts as each replica: a program, its arguments, working directory and
/// environment (which may use the <see cref="ReplicaContract"/>'s placeholders), and how it signals ready. A team's
/// service comes from the plan's <c>target.replica</c>; the reference worker is one such command
/// (<see cref="ReferenceWorker"/>), with no other path through the controller.
/// </summary>
public sealed record ReplicaCommand
{
    /// <summary>The program: a path (absolute, or relative to <see cref="WorkingDirectory"/>) or a name looked up on PATH.</summary>
    public required string FileName { get; init; }

    /// <summary>Its arguments, placeholders expanded per replica.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Where it runs (absolute); null: the run directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables for every replica, placeholders expanded; the contract's own <c>RESLAB_*</c> variables win over them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>When a started replica counts as ready.</summary>
    public ReplicaReadiness Readiness { get; init; } = ReplicaReadiness.File;

    /// <summary>The built-in reference worker running <paramref name="template"/> (its Name, HistoryPath and ReadyFile are the contract's, per replica).</summary>
    /// <exception cref="ArgumentException">The worker does not exist or the template is not valid.</exception>
    public static ReplicaCommand ReferenceWorker(string workerPath, ReplicaOptions template, string? dotnetPath = null)
    {
        ArgumentNullException.ThrowIfNull(workerPath);
        ArgumentNullException.ThrowIfNull(template);
        var errors = ReplicaOptionsValidator.Errors(template).Where(e => !e.StartsWith("Replica:Name", StringComparison.Ordinal)).Select(e => "Template: " + e).ToList();
        if (!File.Exists(workerPath))
        {
            errors.Insert(0, $"the worker '{workerPath}' does not exist: build src/ResilienceLab.Worker and pass its {WorkerLocator.FileName}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid reference worker: " + string.Join(" ", errors), nameof(template));
        }

        var dll = workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        return new ReplicaCommand
        {
            FileName = dll ? dotnetPath ?? System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet" : workerPath,
            Arguments = dll ? [Path.GetFullPath(workerPath)] : [],
            Environment = ReplicaEnvironment.From(template),
        };
    }

    /// <summary>
    /// A plan's <c>target.replica</c>: the working directory is resolved against <paramref name="baseDirectory"/> (the plan
    /// file's directory), and so is a program given as a relative path.
    /// </summary>
    public static ReplicaCommand FromPlan(ReplicaProcessSpec spec, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var workingDirectory = Path.GetFullPath(spec.WorkingDirectory ?? ".", baseDirectory);
        var program = spec.Command[0];
        return new ReplicaCommand
        {
            FileName = program.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(program, workingDirectory) : program,
            Arguments = [.. spec.Command.Skip(1)],
            WorkingDirectory = workingDirectory,
            Environment = spec.Environment,
            Readiness = spec.Ready,
        };
    }

    /// <summary>Every problem that would stop the command from starting, one sentence each.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(FileName))
        {
            errors.Add("the replica command has no program.");
        }
        else if (Hosting.ChildProcess.ResolveProgram(FileName) is null)
        {
            errors.Add($"the replica program '{FileName}' does not exist{(FileName.Contains('/', StringComparison.Ordinal) ? string.Empty : " on PATH")}; build your service first or fix target.replica.command.");
        }

        if (WorkingDirectory is not null && !Directory.Exists(WorkingDirectory))
        {
            errors.Add($"the replica working directory '{WorkingDirectory}' does not exist.");
        }

        foreach (var text in Arguments.Concat(Environment.Values))
        {
            errors.AddRange(ReplicaContract.Unknown(text).Select(u => $"'{text}' uses '${{{u}}}', which is not a placeholder of the replica contract."));
        }

        return errors;
    }
}
