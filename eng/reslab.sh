#!/usr/bin/env bash
# reslab from this checkout: builds it (Release) when anything changed, then runs the built program with the
# arguments given, e.g. `bash eng/reslab.sh simulate chaos-plans/simulation-smoke.yaml --seeds 200 --report reports/smoke`.
#
# `simulate` (without --service) runs natively compiled (eng/native: Native AOT): a batch of seeds in a new process
# otherwise spends most of its life warming up the JIT, and compiled ahead of time it runs at its steady speed from the
# first seed, with the same histories and reports. Its first build takes about a minute; if it cannot be built here, the
# JIT build runs instead. Every other command, and simulate --service (which loads your assembly at run time), runs the
# JIT build.
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
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"
# gen0's allocation budget per GC heap: 64 MB, in hexadecimal without 0x (the native runtime does not parse 0x). A seed
# allocates about 5 MB, and a larger budget means fewer, not longer, collections (GC pauses 7% -> 3% of wall for the
# smoke plan); the runtime reads it only from the environment.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-4000000}"

native=false
if [ "${1:-}" = simulate ]; then
  native=true
  for argument in "$@"; do
    case "$argument" in --service|--service=*|--service:*) native=false ;; esac
  done
fi

if [ "$native" = true ]; then
  if dotnet publish "$root/eng/native" -c Release --use-current-runtime -o "$root/eng/native/bin/publish" \
      --nologo -v quiet -clp:NoSummary --disable-build-servers >&2; then
    exec "$root/eng/native/bin/publish/reslab" "$@"
  fi
  echo "eng/reslab.sh: the native build failed (above); running the JIT build instead" >&2
fi

dotnet build "$root/src/ResilienceLab.Cli" -c Release --nologo -v quiet -clp:NoSummary --disable-build-servers >&2
exec "$root/src/ResilienceLab.Cli/bin/Release/net10.0/reslab" "$@"
