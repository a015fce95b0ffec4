// Every test runs a whole chaos plan: etcd members, worker processes and fault proxies on a 2-core machine, timed
// against lease TTLs. Two at once would starve each other and measure the machine, not the system.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
