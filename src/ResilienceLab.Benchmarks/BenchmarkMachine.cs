namespace ResilienceLab.Benchmarks;

/// <summary>Where a benchmark ran: every figure depends on it.</summary>
/// <param name="Cpu">CPU model (/proc/cpuinfo).</param>
/// <param name="Cores">Logical cores the process may use.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="Gc">Garbage collector mode.</param>
/// <param name="Etcd">etcd version and how it was started.</param>
public sealed record BenchmarkMachine(string Cpu, int Cores, string Os, string Runtime, string Gc, string Etcd);
