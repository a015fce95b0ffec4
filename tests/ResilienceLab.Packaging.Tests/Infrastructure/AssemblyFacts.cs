using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>What the metadata of a packed assembly and its symbols say, read without loading either.</summary>
internal static class AssemblyFacts
{
    /// <summary>Types a consumer can see: public top-level types and public types nested in them.</summary>
    public static int PublicTypeCount(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Count(handle => IsVisible(reader, reader.GetTypeDefinition(handle)));
    }

    /// <summary>The id a debugger matches symbols by: the CodeView entry of the assembly.</summary>
    public static Guid SymbolsId(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
        return pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
    }

    /// <summary>The id of a portable PDB and the paths of the source documents it names.</summary>
    public static (Guid Id, IReadOnlyList<string> Documents) Pdb(byte[] pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var reader = provider.GetMetadataReader();
        var id = new Guid(reader.DebugMetadataHeader!.Id.AsSpan(0, 16));
        return (id, [.. reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name))]);
    }

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }

        return visibility == TypeAttributes.NestedPublic && IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
    }
}
