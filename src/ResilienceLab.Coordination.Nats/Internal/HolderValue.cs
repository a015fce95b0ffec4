using System.Globalization;

namespace ResilienceLab.Coordination.Nats.Internal;

/// <summary>
/// The value of a lock or candidacy entry: <c>&lt;holder id&gt; &lt;token&gt; &lt;owner&gt;</c>. The holder id is unique per
/// acquisition (session id + counter), so "is it still mine?" is a value comparison that no expiry and re-creation can
/// fool. The token is the entry's creation revision; a create writes 0 (the revision is only known from the reply) and the
/// first renewal writes the real one, so a reader takes the entry's revision while the token is still 0.
/// </summary>
internal readonly record struct HolderValue(string HolderId, long Token, string Owner)
{
    public string Format() => $"{HolderId} {Token.ToString(CultureInfo.InvariantCulture)} {Owner}";

    /// <summary>The holder's token given the revision the entry was read at.</summary>
    public long TokenAt(long entryRevision) => Token != 0 ? Token : entryRevision;

    public static HolderValue? Parse(string? value)
    {
        var parts = (value ?? "").Split(' ', 3);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var token)
            ? new HolderValue(parts[0], token, parts.Length == 3 ? parts[2] : "")
            : null;
    }
}
