#!/usr/bin/env bash
# No false alarms (issue 21): every shipped plan over SEEDS seeds (default 1,000) in the deterministic simulation with the
# correct code. Prints, per plan, how many seeds gave the verdict the plan expects (pass; fail for the negative controls),
# then one line per plan `plan: K/N seeds as expected`. Exit 1 when any seed of any plan gave the other verdict.
# Not run in CI: it takes long (about a minute per plan per 1,000 seeds on two idle cores, more for the long plans).
# Usage: eng/false-alarms.sh [SEEDS] [PLAN...]   (build first: dotnet build ResilienceLab.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-1000}
shift || true
reslab=src/ResilienceLab.Cli/bin/Release/net10.0/reslab
[ -x "$reslab" ] || { echo "build first: dotnet build ResilienceLab.sln -c Release"; exit 2; }
plans=("$@")
[ ${#plans[@]} -gt 0 ] || plans=(chaos-plans/*.yaml)
work=$(mktemp -d "${TMPDIR:-/tmp}/reslab-false-alarms-XXXXXX")
trap 'rm -rf "$work"' EXIT
summary=()
bad=0
for plan in "${plans[@]}"; do
  name=$(basename "$plan" .yaml)
  expect=pass
  grep -qE '^expect:[[:space:]]*fail' "$plan" && expect=fail
  set +e
  "$reslab" simulate "$plan" --seeds "$seeds" --from 1 --keep-going > "$work/$name.out" 2>&1
  code=$?
  set -e
  if [ "$code" -eq 2 ]; then
    cat "$work/$name.out"
    echo "$name: the plan could not run (exit 2)"
    exit 2
  fi
  # `FAIL: F of N seed(s) failed` or `PASS: all N seed(s) passed every check`.
  failed=$(sed -nE 's/^FAIL: ([0-9]+) of [0-9]+ seed\(s\) failed.*/\1/p' "$work/$name.out")
  failed=${failed:-0}
  if [ "$expect" = pass ]; then ok=$((seeds - failed)); else ok=$failed; fi
  line="$name: $ok/$seeds seeds as expected (expect $expect; $failed failed)"
  echo "$line"
  grep -E '^  [0-9]+/[0-9]+ seeds, [0-9]+ failing \(seed' "$work/$name.out" | head -5 || true
  summary+=("$line")
  [ "$ok" -eq "$seeds" ] || bad=1
done
echo
printf '%s\n' "${summary[@]}"
exit $bad
