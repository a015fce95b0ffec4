using k8s.Models;
using ResilienceLab.Kubernetes.Guard;

namespace ResilienceLab.Kubernetes.Tests.Guard;

public sealed class BlastRadiusGuardTests
{
    private static readonly Dictionary<string, string> Selector = new() { ["app"] = "reslab-worker" };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_NoNamespace_RefusesAndNamesTheSetting(string? ns)
    {
        var error = Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create(ns, Selector));

        Assert.Contains("no namespace was given", error.Message, StringComparison.Ordinal);
        Assert.Contains("target.namespace", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    public void Create_SystemNamespace_RefusesNeverActingThere(string ns)
    {
        var error = Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create(ns, Selector));

        Assert.Contains($"'{ns}' is a Kubernetes system namespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EmptySelector_RefusesBecauseEveryPodWouldBeACandidate()
    {
        var error = Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create("reslab", new Dictionary<string, string>()));

        Assert.Contains("label selector is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("target.selector", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NullSelector_Refuses()
    {
        Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create("reslab", null));
    }

    [Fact]
    public void Create_InvalidNamespaceName_Refuses()
    {
        var error = Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create("Reslab_Prod", Selector));

        Assert.Contains("not a valid namespace name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NamespaceAndSelectorBothWrong_ReportsEveryProblemAtOnce()
    {
        var error = Assert.Throws<BlastRadiusException>(() => BlastRadiusGuard.Create("kube-system", []));

        Assert.Equal(2, error.Problems.Count);
    }

    [Fact]
    public void Create_ValidScope_BuildsTheLabelSelectorSortedByKey()
    {
        var guard = BlastRadiusGuard.Create("reslab", new Dictionary<string, string> { ["tier"] = "worker", ["app"] = "reslab" });

        Assert.Equal("app=reslab,tier=worker", guard.LabelSelector);
        Assert.False(guard.DryRun);
    }

    [Fact]
    public void Authorize_MatchingPod_RecordsTheDeletionWithItsUidAndGrace()
    {
        var guard = BlastRadiusGuard.Create("reslab", Selector);

        var deletion = guard.Authorize(Pod("reslab", "w-1", Selector), 0, "kill");

        Assert.Equal(new PodDeletion("reslab", "w-1", "uid-w-1", 0, DryRun: false, "kill"), deletion);
        Assert.Equal([deletion], guard.Deletions);
        Assert.StartsWith("deleting pod reslab/w-1 with grace period 0s", deletion.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_DryRun_RecordsWhatWouldBeDeletedAsDryRun()
    {
        var guard = BlastRadiusGuard.Create("reslab", Selector, dryRun: true);

        var deletion = guard.Authorize(Pod("reslab", "w-1", Selector), 30, "terminate");

        Assert.True(deletion.DryRun);
        Assert.StartsWith("DRY RUN: would delete pod reslab/w-1 with grace period 30s", deletion.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_PodWithoutTheSelectorsLabels_RefusesAndRecordsNothing()
    {
        var guard = BlastRadiusGuard.Create("reslab", Selector);

        var error = Assert.Throws<BlastRadiusException>(() => guard.Authorize(Pod("reslab", "etcd-0", new() { ["app"] = "etcd" }), 0, "kill"));

        Assert.Contains("does not match the selector app=reslab-worker (it has app=etcd)", error.Message, StringComparison.Ordinal);
        Assert.Empty(guard.Deletions);
    }

    [Fact]
    public void Authorize_PodInAnotherNamespace_Refuses()
    {
        var guard = BlastRadiusGuard.Create("reslab", Selector);

        var error = Assert.Throws<BlastRadiusException>(() => guard.Authorize(Pod("kube-system", "coredns-1", Selector), 0, "kill"));

        Assert.Contains("outside namespace 'reslab'", error.Message, StringComparison.Ordinal);
        Assert.Empty(guard.Deletions);
    }

    private static V1Pod Pod(string ns, string name, Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name, Labels = labels },
    };
}
