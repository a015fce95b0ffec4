using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ResilienceLab.Hosting;

/// <summary>
/// A local <c>nats-server -js -a 127.0.0.1 -p PORT -sd DIR</c> on a free loopback port with its own JetStream store
/// dir: started by tests, by the local target for <c>store: {kind: nats, start: true}</c>, and by <c>reslab compare</c>.
/// <see cref="KillAsync"/> and <see cref="RestartAsync"/> keep the port and the store dir. Disposing kills the server
/// and deletes the temp dir it created.
/// </summary>
public sealed class NatsServerProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 50;
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static int _reaperRegistered;

    private readonly NatsServerOptions _options;
    private readonly bool _ownsDirectory;
    private readonly ConcurrentQueue<string> _output = new();
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;

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

    /// <summary>Starts a server and waits until it says it is ready.</summary>
    /// <exception cref="NatsStartException">The binary is missing, the process exited, or it was not ready in time.</exception>
    public static async Task<NatsServerProcess> StartAsync(NatsServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NatsServerOptions();
        var owns = options.BaseDirectory is null;
        var directory = options.BaseDirectory ?? System.IO.Directory.CreateTempSubdirectory("reslab-nats-").FullName;
        System.IO.Directory.CreateDirectory(directory);
        var server = new NatsServerProcess(options, directory, owns, options.Port != 0 ? options.Port : FreePort());
        try
        {
            await server.StartCoreAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL; waits for the process to exit.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { } process && !process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    /// <summary>Starts the server again on the same port with the same store dir (JetStream recovers the buckets).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync(cancellationToken);
        await StartCoreAsync(cancellationToken);
    }

    /// <summary>The last lines the server printed (for error messages).</summary>
    public string OutputTail(int lines = 20) => string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_process is { } process)
        {
            Running.TryRemove(process.Id, out _);
            process.Dispose();
            _process = null;
        }

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
        var info = new ProcessStartInfo(_options.ServerPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        foreach (var argument in (string[])["-js", "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-sd", StoreDirectory, .. _options.ExtraArguments])
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new NatsStartException($"nats-server exited (code {SafeExitCode(process)}) before it was ready on port {Port}", OutputTail()));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new NatsStartException($"could not run '{_options.ServerPath}' ({e.Message}): install it (Debian: apt-get install nats-server) or set NatsServerOptions.ServerPath", "", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Track(process);
        try
        {
            await ready.Task.WaitAsync(_options.StartTimeout, _options.TimeProvider, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new NatsStartException($"nats-server on port {Port} was not ready after {_options.StartTimeout}", OutputTail(), e);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("Server is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Kills servers this process started if it exits without disposing them (a crashed test run must not leave them holding ports).</summary>
    private static void Track(Process process)
    {
        Running[process.Id] = process;
        if (Interlocked.Exchange(ref _reaperRegistered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var child in Running.Values)
                {
                    try
                    {
                        if (!child.HasExited)
                        {
                            child.Kill();
                        }
                    }
                    catch (InvalidOperationException)
                    {
                    }
                }
            };
        }
    }
}
