// These tests time real processes against TTLs on a 2-core machine: running them one at a time keeps the
// measurements meaningful and the bounds honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
