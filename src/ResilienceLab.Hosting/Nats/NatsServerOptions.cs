namespace ResilienceLab.Hosting;

/// <summary>How to start a local <c>nats-server -js</c> (<see cref="NatsServerProcess"/>).</summary>
public sealed class NatsServerOptions
{
    /// <summary>The server binary; default <c>nats-server</c> from PATH (Debian: apt-get install nats-server).</summary>
    public string ServerPath { get; set; } = "nats-server";

    /// <summary>Where the JetStream store dir and the log go; null: a new temp dir, deleted on dispose.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>The client port; 0: a free loopback port.</summary>
    public int Port { get; set; }

    /// <summary>How long to wait for "Server is ready".</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>More command-line arguments.</summary>
    public IList<string> ExtraArguments { get; } = [];

    /// <summary>The clock the start deadline runs on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
