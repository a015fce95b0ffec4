namespace ResilienceLab.Chaos.Selection;

/// <summary>A selector matched nothing (or less than it must). The step fails; nothing is hit at random instead.</summary>
public sealed class SelectionException(string message) : Exception(message);
