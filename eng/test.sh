#!/usr/bin/env bash
# Runs every test project in Release. Usage: eng/test.sh [--results DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
results=TestResults
[ "${1:-}" = "--results" ] && results=$2
dotnet build ResilienceLab.sln -c Release >/dev/null || { dotnet build ResilienceLab.sln -c Release; exit 1; }
dotnet test ResilienceLab.sln -c Release --no-build --logger "trx" --results-directory "$results" --logger "console;verbosity=minimal"
