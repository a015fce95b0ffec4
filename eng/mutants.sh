#!/usr/bin/env bash
# Mutation harness (issue 21): applies each seeded bug (Replica:SeededBug) in turn and runs every shipped plan that expects
# to pass in the deterministic simulation, seed by seed, until one fails. Prints the table (bug, caught by which plan and
# checks, seeds to the first failure) and `mutants caught: K/N`; exit 0 when every bug is caught within the budget.
# Not run in CI: a bug that survives costs SEEDS x plans simulated runs.
# Usage: eng/mutants.sh [SEEDS] [extra reslab mutants options, e.g. --only lock-head-by-key-order]
#        (build first: dotnet build ResilienceLab.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-200}
shift || true
reslab=src/ResilienceLab.Cli/bin/Release/net10.0/reslab
[ -x "$reslab" ] || { echo "build first: dotnet build ResilienceLab.sln -c Release"; exit 2; }
exec "$reslab" mutants chaos-plans --seeds "$seeds" "$@"
