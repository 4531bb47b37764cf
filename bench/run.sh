#!/usr/bin/env bash
# AI gateway overhead benchmark (not a test): API round trip for a suggestion minus a direct OllamaSharp
# call to the same fake Ollama, p50/p99 over N calls (default 1000). Writes bench/RESULTS.md.
#   bench/run.sh [calls] [warmup]
# Uses ConnectionStrings__Marten when set, otherwise the project-local PostgreSQL (database chiroclick_bench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_bench scripts/postgres.sh start)"
  export ConnectionStrings__Marten
fi
dotnet build -c Release src/Api -v q -nologo >/dev/null
dotnet build -c Release bench/ChiroClick.Bench -v q -nologo >/dev/null
dotnet bench/ChiroClick.Bench/bin/Release/net10.0/ChiroClick.Bench.dll \
  src/Api/bin/Release/net10.0/ChiroClick.Api.dll "${1:-1000}" "${2:-100}" | tee bench/RESULTS.md
