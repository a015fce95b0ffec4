using ResilienceLab.Benchmarks.Infrastructure;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>The latencies of one kind of take-over, for our waiter and the server-side peer.</summary>
internal sealed record TakeoverResults(LatencyStats Ours, LatencyStats ServerSide);
