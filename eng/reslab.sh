#!/usr/bin/env bash
# reslab from this checkout: builds it (Release) when anything changed, then runs the built program with the
# arguments given, e.g. `bash eng/reslab.sh simulate chaos-plans/simulation-smoke.yaml --seeds 200 --report reports/smoke`.
#
# Why not `dotnet run`: the dotnet CLI process stays alive while the program runs and spends most of a core
# compiling its own (MSBuild's) code in the background, which a batch of seeds on a 2-core machine feels as a
# quarter less throughput; MSBuild's reusable build nodes do the same after a plain build, hence
# --disable-build-servers. And DOTNET_TC_CallCountingDelayMs=0 (unless set already): the runtime moves a hot method
# to optimized code only after 100 ms without any newly compiled method, which a run of seeds, always reaching new
# code, keeps putting off; runtimeconfig.json cannot set it. docs/benchmarks.md, "The simulate command as a process",
# has the measurements.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$root/src/ResilienceLab.Cli" -c Release --nologo -v quiet -clp:NoSummary --disable-build-servers >&2
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
exec "$root/src/ResilienceLab.Cli/bin/Release/net10.0/reslab" "$@"
