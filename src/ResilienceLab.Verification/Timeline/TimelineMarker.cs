namespace ResilienceLab.Verification.Timeline;

/// <summary>An instant worth marking on a process's lane (a chaos action, a lock loss, a death).</summary>
/// <param name="Process">The lane: the process the event is about.</param>
/// <param name="Time">When.</param>
/// <param name="Kind">"chaos", "lost", "death".</param>
/// <param name="Label">Short text (the op and target).</param>
public sealed record TimelineMarker(string Process, DateTimeOffset Time, string Kind, string Label);
