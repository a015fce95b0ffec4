// The end-to-end tests time real worker processes against lock TTLs on a 2-core machine; the emulator tests
// are quick. Running the classes one at a time keeps the end-to-end timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
