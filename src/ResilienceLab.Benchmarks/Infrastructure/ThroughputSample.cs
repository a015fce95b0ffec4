using System.Globalization;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>
/// Cycles completed in an elapsed time, with what it took from the machine meanwhile: CPU of the clients (this
/// process) and of etcd, thread-pool work items, and the thread-pool queue length sampled every 10 ms (a long
/// queue with idle cores means continuations wait for a thread, not for etcd). Summed over the slices of an
/// interleaved measurement.
/// </summary>
internal readonly record struct ThroughputSample(
    long Cycles, TimeSpan Elapsed, TimeSpan ClientCpu, TimeSpan EtcdCpu, long WorkItems, long QueueSum, long QueueSamples, int MaxThreads)
{
    public double PerSecond => Cycles / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public static ThroughputSample operator +(ThroughputSample a, ThroughputSample b) =>
        new(a.Cycles + b.Cycles, a.Elapsed + b.Elapsed, a.ClientCpu + b.ClientCpu, a.EtcdCpu + b.EtcdCpu,
            a.WorkItems + b.WorkItems, a.QueueSum + b.QueueSum, a.QueueSamples + b.QueueSamples, Math.Max(a.MaxThreads, b.MaxThreads));

    /// <summary>"1163 cycles in 3.00 s, CPU per cycle: …".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cycles} cycles in {Elapsed.TotalSeconds:0.00} s, {DescribeCpu()}");

    /// <summary>"CPU per cycle: client 0.91 ms + etcd 1.02 ms; cores busy 1.72 of 2; thread pool: 14.2 work items/cycle, queue 0.3, 4 threads".</summary>
    public string DescribeCpu()
    {
        var cycles = Math.Max(1, Cycles);
        var busy = (ClientCpu + EtcdCpu).TotalSeconds / Math.Max(Elapsed.TotalSeconds, 1e-9);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"CPU per cycle: client {ClientCpu.TotalMilliseconds / cycles:0.00} ms + etcd {EtcdCpu.TotalMilliseconds / cycles:0.00} ms; cores busy {busy:0.00} of {Environment.ProcessorCount}; thread pool: {WorkItems / (double)cycles:0.0} work items/cycle, mean queue {QueueSum / (double)Math.Max(1, QueueSamples):0.0}, up to {MaxThreads} threads");
    }
}
