#!/usr/bin/env bash
# The test command (README): installs what is missing (etcd, etcdctl, nats-server, chromium from Debian),
# builds in Release, runs every test project, and ends with one line "N passed, N failed".
# Usage: eng/test.sh [--results DIR] [-- extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=TestResults
if [ "${1:-}" = "--results" ]; then results=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift

need=()
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || { echo "apt-get install ${need[*]} failed"; exit 1; }
  else
    echo "missing: ${need[*]} — install them with: sudo apt-get install -y ${need[*]}"; exit 2
  fi
fi

dotnet restore ResilienceLab.sln || exit 1
dotnet build ResilienceLab.sln -c Release --no-restore -v quiet -clp:ErrorsOnly || exit 1

rm -rf "$results"
dotnet test ResilienceLab.sln -c Release --no-build --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=normal" -p:SkipPackagingTests=true -p:SkipIntegrationTests=true "$@"
rc=$?
# The chaos plans on real workers and a real etcd run next, alone: their leases (3 s) are judged on the wall clock, and
# beside every other suite on two cores a worker could be starved past its TTL (a lease lost with no fault on it).
dotnet test tests/ResilienceLab.Chaos.IntegrationTests/ResilienceLab.Chaos.IntegrationTests.csproj -c Release --no-build \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" "$@"
integration=$?
[ $rc -eq 0 ] && rc=$integration
# The packaging check (pack into a temp feed, install the tool, build a consumer) runs alone, after the suites that are
# timed against lease TTLs, so that its builds never take their CPU.
dotnet test tests/ResilienceLab.Packaging.Tests/ResilienceLab.Packaging.Tests.csproj -c Release --no-build \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" "$@"
packaging=$?
[ $rc -eq 0 ] && rc=$packaging

summary=$(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = 0
failures = []
for t in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    root = ET.parse(t).getroot()
    c = root.find(".//{*}Counters")
    if c is not None:
        p += int(c.get("passed", 0))
        f += sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    for r in root.findall(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            msg = r.find(".//{*}ErrorInfo/{*}Message")
            text = (msg.text or "").strip().splitlines() if msg is not None else []
            failures.append((r.get("testName"), r.get("duration"), text[:6]))
# The failures are repeated here, just above the summary, so that a log cut to its tail still names them.
for name, duration, text in failures:
    print(f"FAILED {name} [{duration}]")
    for line in text:
        print(f"    {line}")
print(f"{p} passed, {f} failed")
PY
) || summary="0 passed, 1 failed"
echo "$summary"
case "$summary" in
  "0 passed, 0 failed") exit 1 ;;
  *", 0 failed") exit $rc ;;
  *) exit 1 ;;
esac
