using k8s;
using YamlDotNet.RepresentationModel;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>The k8s/ manifests, read twice: as plain YAML documents, and strictly as Kubernetes API objects.</summary>
internal static class Manifests
{
    public const string Namespace = "reslab";

    public static string Directory { get; } = RepoPaths.InRepo("k8s");

    public static IReadOnlyList<string> Files { get; } = [.. System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>k8s/agent/: the Deployment, plan and Job that replace k8s/30, 40 and 50 when the workers carry the fault agent.</summary>
    public static IReadOnlyList<string> AgentFiles { get; } = [.. System.IO.Directory.GetFiles(Path.Combine(Directory, "agent"), "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Every YAML document of every file, with the file it came from.</summary>
    public static IReadOnlyList<(string File, YamlMappingNode Root)> Documents()
    {
        var documents = new List<(string, YamlMappingNode)>();
        foreach (var file in Files.Concat(AgentFiles))
        {
            var stream = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(file));
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => (Path.GetFileName(file), Assert.IsType<YamlMappingNode>(d.RootNode))));
        }

        return documents;
    }

    /// <summary>Every object, deserialized strictly: a field the Kubernetes API does not know fails the load.</summary>
    public static IReadOnlyList<object> Objects() =>
        [.. Files.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))];

    public static T Single<T>(Func<T, bool>? where = null) => Objects().OfType<T>().Single(o => where?.Invoke(o) ?? true);

    /// <summary>The objects of k8s/agent/, deserialized strictly.</summary>
    public static IReadOnlyList<object> AgentObjects() =>
        [.. AgentFiles.SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), typeMap: null, strict: true))];

    public static T AgentSingle<T>() => AgentObjects().OfType<T>().Single();

    public static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }
}
