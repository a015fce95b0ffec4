using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>Starting, stopping and cleaning up local etcd members (Linux: signals, file modes).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EtcdHostingTests
{
    [Fact]
    public async Task StartAsync_SingleMember_RunsOnLoopbackInAPrivateDirectory()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var member = Assert.Single(cluster.Members);
        using var maintenance = cluster.CreateMaintenance();

        var leader = await maintenance.FindLeaderAsync();

        Assert.StartsWith("http://127.0.0.1:", member.ClientUrl, StringComparison.Ordinal);
        Assert.Equal(member.ClientUrl, cluster.ConnectionString);
        Assert.Equal(member.ClientUrl, leader?.Endpoint);
        Assert.Equal(member.MemberId, leader?.MemberId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cluster.Directory));
        Assert.True(File.Exists(member.LogFile), "etcd should log to its --log-outputs file");
    }

    [Fact]
    public async Task DisposeAsync_Cluster_KillsTheProcessAndDeletesTheDirectory()
    {
        var cluster = await EtcdCluster.StartAsync();
        var pid = cluster.Members[0].ProcessId!.Value;

        await cluster.DisposeAsync();

        Assert.False(Directory.Exists(cluster.Directory));
        Assert.False(cluster.Members[0].IsRunning);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }

    [Fact]
    public async Task StopAsync_Member_ExitsGracefullyAndRestartServesItsData()
    {
        await using var cluster = await EtcdCluster.StartAsync();
        var member = cluster.Members[0];
        await using var store = cluster.CreateStore();
        var put = await store.PutAsync("/hosting/k", "v");

        await member.StopAsync();
        var stoppedPid = member.ProcessId;
        await member.RestartAsync();

        Assert.Null(stoppedPid);
        Assert.True(member.IsRunning);
        Assert.Equal(put.Revision, (await store.GetAsync("/hosting/k")).Single!.ModRevision);
    }

    [Fact]
    public async Task StartAsync_MissingBinary_ThrowsEtcdStartExceptionNamingThePath()
    {
        var options = new EtcdClusterOptions { EtcdPath = "/nonexistent/etcd" };

        var error = await Assert.ThrowsAsync<EtcdStartException>(() => EtcdCluster.StartAsync(options));

        Assert.Contains("/nonexistent/etcd", error.Message, StringComparison.Ordinal);
        Assert.Contains("EtcdPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidClusterOptions_ListsEveryProblem()
    {
        var options = new EtcdClusterOptions { Members = 0, EtcdPath = " ", StartTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Members = 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("EtcdPath is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("StartTimeout = 00:00:00", error.Message, StringComparison.Ordinal);
    }
}
