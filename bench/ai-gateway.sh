#!/usr/bin/env bash
# AI gateway overhead (issue 4): API round trip for a suggestion minus a direct OllamaSharp call to the
# same fake Ollama, p50/p99 over N calls (default 1000). Prints a markdown table.
#   bench/ai-gateway.sh [calls] [warmup]     (ConnectionStrings__Marten, else the local cluster's chiroclick_bench)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_bench scripts/postgres.sh start)"
  export ConnectionStrings__Marten
fi
dotnet build -c Release src/Api -v q -nologo >/dev/null
dotnet build -c Release bench/ChiroClick.Bench.AiGateway -v q -nologo >/dev/null
dotnet bench/ChiroClick.Bench.AiGateway/bin/Release/net10.0/ChiroClick.Bench.AiGateway.dll \
  src/Api/bin/Release/net10.0/ChiroClick.Api.dll "${1:-1000}" "${2:-100}"
