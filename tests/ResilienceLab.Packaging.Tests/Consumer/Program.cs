using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

// A service that adopted the packages the way README "Adopting the packages" shows: the etcd backend from its
// configuration, history recorded by the primitives. It takes a fenced lock, writes through the fence, and releases it.
// Configuration (command line): --Etcd:Endpoints:0=URL --History=FILE --Lock=NAME --StateKey=KEY
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddCoordinationHistory(o =>
{
    o.Sink = HistorySinkKind.File;
    o.Path = builder.Configuration["History"];
    o.ProcessName = "consumer";
});
builder.Services.AddEtcdCoordination(builder.Configuration.GetSection("Etcd"));
var lockName = builder.Configuration["Lock"] ?? "/consumer/locks/orders";
var stateKey = builder.Configuration["StateKey"] ?? "/consumer/state/orders";

using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60), TimeProvider.System);
var cancellationToken = deadline.Token;
using var host = builder.Build();
await host.StartAsync(cancellationToken);

var session = await host.Services.GetRequiredService<CoordinationSessionProvider>().GetSessionAsync(cancellationToken);
var handle = await session.CreateLock(lockName, owner: "consumer").AcquireAsync(cancellationToken);
Console.WriteLine($"acquired {handle.Key} token={handle.Token}");

// Commits only while this holder still holds the lock: the write a stale holder must never make.
var committed = await handle.FencedCompareAndSwapAsync(stateKey, $"written-under-token-{handle.Token}", expectedRevision: 0, cancellationToken);
Console.WriteLine($"fenced write committed at revision {committed}");

await handle.ReleaseAsync(cancellationToken);
Console.WriteLine("released");
await host.StopAsync(cancellationToken);
return 0;
