namespace ResilienceLab.Chaos.Actions;

/// <summary>What an action did (<see cref="Target"/>: replica or member hit) and how to take it back.</summary>
/// <param name="Target">The replica or store member acted on.</param>
/// <param name="Undo">Takes the fault back (resume, heal, restart); null when there is nothing to undo.</param>
/// <param name="UndoName">The chaos event recorded when the undo runs (e.g. "resume").</param>
public sealed record ActionEffect(string Target, Func<CancellationToken, Task>? Undo = null, string? UndoName = null);
