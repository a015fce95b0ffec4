using System.IO.Compression;
using System.Xml.Linq;

namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>One .nupkg (or .snupkg) of the packed feed: its manifest and its entries.</summary>
internal sealed class PackageFile
{
    private PackageFile(string path, XElement metadata, IReadOnlyList<string> entries)
    {
        Path = path;
        Metadata = metadata;
        Entries = entries;
    }

    public string Path { get; }

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public XElement Metadata { get; }

    /// <summary>Every entry name, with '/' separators.</summary>
    public IReadOnlyList<string> Entries { get; }

    public long Size => new FileInfo(Path).Length;

    public string Id => Field("id") ?? throw new InvalidDataException($"{Path}: the nuspec has no id.");

    public string Version => Field("version") ?? throw new InvalidDataException($"{Path}: the nuspec has no version.");

    /// <summary>The text of a metadata field (<c>description</c>, <c>readme</c>, …), or null when absent.</summary>
    public string? Field(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>An attribute of a metadata field, e.g. (<c>license</c>, <c>type</c>) or (<c>repository</c>, <c>commit</c>).</summary>
    public string? Attribute(string field, string attribute) =>
        Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == field)?.Attribute(attribute)?.Value;

    /// <summary>The bytes of one entry.</summary>
    public byte[] Read(string entry)
    {
        using var zip = ZipFile.OpenRead(Path);
        var found = zip.GetEntry(entry) ?? throw new FileNotFoundException($"{Path} has no entry {entry}.");
        using var stream = found.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static PackageFile Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var nuspec = zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata")
            ?? throw new InvalidDataException($"{path}: the nuspec has no <metadata>.");
        return new PackageFile(path, metadata, [.. zip.Entries.Select(e => e.FullName)]);
    }
}
