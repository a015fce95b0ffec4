using ResilienceLab.Chaos.Local;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Workers.Tests.Local;

/// <summary>
/// A team's own replica process (here a shell script standing in for a service): what the replica contract hands it,
/// placeholders expanded per replica, its working directory, readiness, and the crash-at-start report.
/// </summary>
public sealed class ReplicaCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reslab-replica-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task StartAsync_TeamCommand_GetsTheContractVariablesAndExpandedPlaceholders()
    {
        var spec = new ReplicaProcessSpec
        {
            // Each replica writes what it received next to its history file, then says it is ready.
            Command = ["/bin/sh", "-c", "env | grep -E '^(RESLAB_|SVC_)' | sort > \"$SVC_History.env\"; printf '%s\\n' \"$1\" \"$PWD\" > \"$SVC_History.args\"; touch \"$SVC_Ready\"; exec sleep 60", "sh", "--name=${replica.name}"],
            WorkingDirectory = "work",
            Environment = new Dictionary<string, string>
            {
                ["SVC_Name"] = "${replica.name}",
                ["SVC_Ordinal"] = "${replica.ordinal}",
                ["SVC_History"] = "${replica.historyPath}",
                ["SVC_Ready"] = "${replica.readyFile}",
                ["SVC_Endpoints"] = "${store.endpoints}",
                ["SVC_Literal"] = "$${not-a-placeholder}",
            },
        };
        Directory.CreateDirectory(Path.Combine(_directory, "work"));
        Environment.SetEnvironmentVariable("RESLAB_Inherited__Secret", "leaked");
        try
        {
            await using var set = await StartAsync(ReplicaCommand.FromPlan(spec, _directory), replicas: 2);

            foreach (var replica in set.Live)
            {
                var env = File.ReadAllLines(replica.HistoryPath + ".env").ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
                Assert.Equal(replica.Name, env["SVC_Name"]);
                Assert.Equal(replica.Name, env["RESLAB_Replica__Name"]);
                Assert.Equal(replica.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), env["SVC_Ordinal"]);
                Assert.Equal(replica.HistoryPath, env["RESLAB_Replica__HistoryPath"]);
                Assert.Equal(replica.ReadyFile, env["SVC_Ready"]);
                Assert.Equal(replica.FaultFile, env["RESLAB_Store__FaultFile"]);
                Assert.Equal($"http://127.0.0.1:9/{replica.Name}", env["SVC_Endpoints"]);
                Assert.Equal(env["SVC_Endpoints"], env["RESLAB_Store__Endpoints"]);
                Assert.Equal("etcd", env["RESLAB_Store__Kind"]);
                Assert.Equal("${not-a-placeholder}", env["SVC_Literal"]);
                Assert.DoesNotContain("RESLAB_Inherited__Secret", env.Keys);
                Assert.Equal([$"--name={replica.Name}", Path.Combine(_directory, "work")], File.ReadAllLines(replica.HistoryPath + ".args"));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("RESLAB_Inherited__Secret", null);
        }
    }

    [Fact]
    public async Task StartAsync_ReadyStarted_CountsAReplicaWithoutAReadyFileAsReady()
    {
        var spec = new ReplicaProcessSpec { Command = ["/bin/sh", "-c", "exec sleep 60"], Ready = ReplicaReadiness.Started };

        await using var set = await StartAsync(ReplicaCommand.FromPlan(spec, _directory), replicas: 2);

        Assert.All(set.Live, r => Assert.True(r.IsReady));
        Assert.All(set.Live, r => Assert.False(File.Exists(r.ReadyFile)));
    }

    [Fact]
    public async Task StartAsync_CommandThatCrashesAtStart_FailsFastWithTheCrashsOwnLines()
    {
        var spec = new ReplicaProcessSpec { Command = ["/bin/sh", "-c", "echo 'Unhandled exception. System.InvalidOperationException: no Billing section' >&2; exit 3"] };
        var options = Options(ReplicaCommand.FromPlan(spec, _directory), replicas: 2);
        options.ReadyTimeout = TimeSpan.FromMinutes(5);
        await using var set = new LocalReplicaSet(options);

        var started = TimeProvider.System.GetTimestamp();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => set.StartAsync());

        Assert.Contains("crash at start", error.Message);
        Assert.Contains("code 3", error.Message);
        Assert.Contains("no Billing section", error.Message);

        // Generous: the point is that it does not wait out the five-minute ready timeout.
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Constructor_ProgramThatDoesNotExist_NamesItBeforeAnythingStarts()
    {
        var spec = new ReplicaProcessSpec { Command = ["bin/Release/net10.0/missing-service"] };

        var error = Assert.Throws<ArgumentException>(() => new LocalReplicaSet(Options(ReplicaCommand.FromPlan(spec, _directory), replicas: 1)));

        Assert.Contains(Path.Combine(_directory, "bin/Release/net10.0/missing-service"), error.Message);
    }

    [Theory]
    [InlineData("--name=${replica.name}", "--name=replica-7")]
    [InlineData("${store.endpoints}/x", "http://e:1/x")]
    [InlineData("$${replica.name}", "${replica.name}")]
    [InlineData("no placeholders $ here", "no placeholders $ here")]
    public void Expand_KnownPlaceholders_AreReplaced(string text, string expected)
    {
        var values = new Dictionary<string, string> { [ReplicaContract.Name] = "replica-7", [ReplicaContract.StoreEndpoints] = "http://e:1" };

        Assert.Equal(expected, ReplicaContract.Expand(text, values));
    }

    [Theory]
    [InlineData("${replica.nmae}", "replica.nmae")]
    [InlineData("x ${replica.name", "${replica.name")]
    public void Unknown_MisspeltOrUnclosed_IsReported(string text, string unknown) =>
        Assert.Equal([unknown], ReplicaContract.Unknown(text));

    private LocalReplicaSetOptions Options(ReplicaCommand command, int replicas) => new()
    {
        Command = command,
        RunDirectory = Path.Combine(_directory, "run"),
        StoreEndpoints = "http://127.0.0.1:9",
        EndpointsFor = name => $"http://127.0.0.1:9/{name}",
        Replicas = replicas,
        StopTimeout = TimeSpan.FromSeconds(5),
    };

    private async Task<LocalReplicaSet> StartAsync(ReplicaCommand command, int replicas)
    {
        var set = new LocalReplicaSet(Options(command, replicas));
        await set.StartAsync();
        return set;
    }
}
