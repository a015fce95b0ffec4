namespace ResilienceLab.History;

/// <summary>What was wrong with a history line. Errors make the history unusable; warnings do not.</summary>
public enum HistoryProblemKind
{
    /// <summary>A path given to the reader does not exist or could not be read.</summary>
    UnreadableSource,

    /// <summary>The line is not valid JSON, or not a JSON object.</summary>
    BadJson,

    /// <summary>A field every entry (or this op) needs is absent.</summary>
    MissingField,

    /// <summary>A field has the wrong JSON type or a value that cannot be parsed (time, integer step).</summary>
    InvalidValue,

    /// <summary>A field this format does not define.</summary>
    UnknownField,

    /// <summary>"type" is not invoke, ok, fail, info or event.</summary>
    UnknownType,

    /// <summary>"v" is not the version this build reads.</summary>
    WrongVersion,

    /// <summary>An ok/fail/info whose process and id match no open invoke.</summary>
    CompletionWithoutInvoke,

    /// <summary>A second completion for the same operation.</summary>
    DuplicateCompletion,

    /// <summary>An invoke reusing the id of an operation of the same process incarnation.</summary>
    DuplicateInvoke,

    /// <summary>A completion whose op differs from its invoke's op.</summary>
    OpMismatch,

    /// <summary>Warning: the file's last line has no newline and is not valid JSON: the writer was killed mid-write.</summary>
    TornLastLine,

    /// <summary>Warning: a torn fragment was followed by an entry appended by the restarted process on the same line.</summary>
    TornLine,

    /// <summary>Warning: an empty line (the writer never writes one).</summary>
    EmptyLine,

    /// <summary>Warning: an op name no checker knows (see HistoryOps); the entry is kept but no checker reads it.</summary>
    UnknownOp,
}
