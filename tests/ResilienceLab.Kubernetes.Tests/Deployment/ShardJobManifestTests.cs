using k8s;
using k8s.Models;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>
/// k8s/shards/simulate-shards.yaml, the Indexed Job that shards reslab simulate over pods (issue #17, item 5): loaded
/// strictly as a Kubernetes object and checked against what the shards and reslab merge rely on.
/// </summary>
public sealed class ShardJobManifestTests
{
    private static readonly V1Job Job = Assert.IsType<V1Job>(Assert.Single(
        KubernetesYaml.LoadAllFromString(File.ReadAllText(RepoPaths.InRepo("k8s", "shards", "simulate-shards.yaml")), typeMap: null, strict: true)));

    private static V1Container Container => Assert.Single(Job.Spec.Template.Spec.Containers);

    private static string Script => Assert.Single(Container.Args);

    [Fact]
    public void Job_IsIndexedWithOnePodPerShard()
    {
        var shards = int.Parse(Container.Env.Single(e => e.Name == "SHARDS").Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("Indexed", Job.Spec.CompletionMode);
        Assert.Equal((shards, shards), (Job.Spec.Completions, Job.Spec.Parallelism));
        Assert.Equal(Manifests.Namespace, Job.Metadata.NamespaceProperty);
    }

    [Fact]
    public void Script_RunsItsShardOfTheSameRangeAndPrintsItsResultsForTheMerge()
    {
        Assert.Contains("reslab simulate /plans/plan.yaml --seeds \"$SEEDS\" --from \"$FROM\" --keep-going", Script, StringComparison.Ordinal);
        Assert.Contains("--shard \"$JOB_COMPLETION_INDEX/$SHARDS\" --report /reports", Script, StringComparison.Ordinal);
        // docs/kubernetes.md extracts runs.json between exactly these lines.
        Assert.Contains("echo \"----- BEGIN runs.json -----\"\n  cat /reports/runs.json\n  echo \"----- END runs.json -----\"".Replace("\n  ", "\n", StringComparison.Ordinal), Script, StringComparison.Ordinal);
        // A shard whose seeds failed still succeeds (the verdict is the merge's); one that could not run fails.
        Assert.Contains("[ \"$rc\" -le 1 ] || exit \"$rc\"", Script, StringComparison.Ordinal);
    }

    [Fact]
    public void Pod_RunsRestrictedWithLimitsAndNoServiceAccountToken()
    {
        var pod = Job.Spec.Template.Spec;

        Assert.Equal((true, false), (pod.SecurityContext.RunAsNonRoot, pod.AutomountServiceAccountToken));
        Assert.Equal(("RuntimeDefault", false), (pod.SecurityContext.SeccompProfile.Type, Container.SecurityContext.AllowPrivilegeEscalation));
        Assert.Equal(["ALL"], Container.SecurityContext.Capabilities.Drop);
        Assert.True(Container.Resources.Limits.ContainsKey("memory") && Container.Resources.Requests.ContainsKey("cpu"));
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.NotNull(Job.Spec.TtlSecondsAfterFinished);
    }
}
