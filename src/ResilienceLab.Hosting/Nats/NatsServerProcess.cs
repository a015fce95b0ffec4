using System.Diagnostics;
using System.Globalization;

namespace ResilienceLab.Hosting;

/// <summary>
/// A local <c>nats-server -js -a 127.0.0.1 -p PORT -sd DIR</c> on a free loopback port with its own JetStream store
/// dir: started by tests, by the local target for <c>store: {kind: nats, start: true}</c>, and by <c>reslab compare</c>.
/// <see cref="KillAsync"/> and <see cref="RestartAsync"/> keep the port and the store dir. Disposing kills the server
/// and deletes the temp dir it created.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private readonly NatsServerOptions _options;
    private readonly bool _ownsDirectory;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ChildProcess? _process;

    private NatsServerProcess(NatsServerOptions options, string directory, bool ownsDirectory, int port)
    {
        _options = options;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Port = port;
        StoreDirectory = Path.Combine(directory, "jetstream");
    }

    /// <summary>The client port.</summary>
    public int Port { get; }

    /// <summary>The client URL, <c>nats://127.0.0.1:PORT</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The server's directory (store dir and output).</summary>
    public string Directory { get; }

    /// <summary>The JetStream store dir (<c>-sd</c>), kept across restarts.</summary>
    public string StoreDirectory { get; }

    /// <summary>Whether the process is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Starts a server and waits until it says it is ready. On a free port (<see cref="NatsServerOptions.Port"/> 0) it
    /// retries on a fresh port when another process took the last one in between.
    /// </summary>
    /// <exception cref="NatsStartException">The binary is missing, the process exited, or it was not ready in time.</exception>
    public static Task<NatsServerProcess> StartAsync(NatsServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new NatsServerOptions(), FreePort, cancellationToken);

    /// <summary>As the public one, with the free ports taken from <paramref name="freePort"/> (tests hand out a taken one).</summary>
    internal static async Task<NatsServerProcess> StartAsync(NatsServerOptions options, Func<int> freePort, CancellationToken cancellationToken)
    {
        return await PortConflict.RetryOnFreshPortsAsync<NatsServerProcess, NatsStartException>(
            async ct =>
            {
                var owns = options.BaseDirectory is null;
                var directory = options.BaseDirectory ?? System.IO.Directory.CreateTempSubdirectory("reslab-nats-").FullName;
                System.IO.Directory.CreateDirectory(directory);
                var server = new NatsServerProcess(options, directory, owns, options.Port != 0 ? options.Port : freePort());
                try
                {
                    await server.StartCoreAsync(ct);
                    return server;
                }
                catch
                {
                    await server.DisposeAsync();
                    throw;
                }
            },
            e => options.Port == 0 && e.IsPortConflict,
            options.TimeProvider,
            cancellationToken);
    }

    /// <summary>SIGKILL; waits for the process to exit.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false } process)
        {
            await process.KillAsync(cancellationToken);
        }
    }

    /// <summary>Starts the server again on the same port with the same store dir (JetStream recovers the buckets).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync(cancellationToken);
        await StartCoreAsync(cancellationToken);
    }

    /// <summary>The last lines the server printed (for error messages).</summary>
    public string OutputTail(int lines = 20) => _process?.OutputTail(lines) ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;

        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp dir left behind is harmless.
            }
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _process?.Dispose();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ready = ready;
        var info = new ProcessStartInfo(_options.ServerPath) { WorkingDirectory = Directory };
        foreach (var argument in (string[])["-js", "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-sd", StoreDirectory, .. _options.ExtraArguments])
        {
            info.ArgumentList.Add(argument);
        }

        ChildProcess process;
        try
        {
            process = ChildProcess.Start(info, new ChildProcessOptions { OnOutput = (line, _) => WatchForReady(line) });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NatsStartException($"could not run '{_options.ServerPath}' ({e.Message}): install it (Debian: apt-get install nats-server) or set NatsServerOptions.ServerPath", "", e);
        }

        _process = process;
        _ = process.Exited.ContinueWith(
            _ => ready.TrySetException(new NatsStartException($"nats-server exited (code {process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}) before it was ready on port {Port}", process.OutputTail())),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            await ready.Task.WaitAsync(_options.StartTimeout, _options.TimeProvider, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new NatsStartException($"nats-server on port {Port} was not ready after {_options.StartTimeout}", OutputTail(), e);
        }
    }

    private void WatchForReady(string line)
    {
        if (line.Contains("Server is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static int FreePort() => FreePorts.Allocate(1)[0];
}
