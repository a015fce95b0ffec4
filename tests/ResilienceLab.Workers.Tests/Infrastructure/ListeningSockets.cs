using System.Globalization;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>The TCP ports a process listens on, read from /proc (its socket inodes matched against the LISTEN rows of net/tcp and net/tcp6).</summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<int> PortsOf(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        return [.. new[] { "tcp", "tcp6" }
            .SelectMany(table => File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(columns => columns[3] == ListenState && inodes.Contains(columns[9]))
            .Select(columns => int.Parse(columns[1][(columns[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()];
    }
}
