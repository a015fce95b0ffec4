using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Simulation;

/// <summary>What a simulated replica's program is given: its name, process (virtual clock), store connection, recorder and seeded randomness.</summary>
/// <param name="Name">The replica's name (<c>replica-&lt;ordinal&gt;</c>), also its history process name.</param>
/// <param name="Process">The simulated process the program runs on; <see cref="SimulatedProcess.Clock"/> is its (possibly skewed) clock.</param>
/// <param name="Backend">etcd's recipes over the replica's own client of the simulated store, not yet instrumented.</param>
/// <param name="Recorder">The replica's history recorder on the run's shared sink.</param>
/// <param name="Random">The replica's own seeded random source.</param>
public sealed record SimulatedReplicaContext(string Name, SimulatedProcess Process, ICoordinationBackend Backend, HistoryRecorder Recorder, DeterministicRandom Random);
