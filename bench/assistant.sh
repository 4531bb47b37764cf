#!/usr/bin/env bash
# Clinical assistant retrieval (issue 18): recall@1/@5 and MRR of lexical, vector and hybrid search over an MTS-Dialog
# set, embedding throughput and full re-index time. Prints markdown tables. Uses its own database chiroclick_bench_assistant
# (recreated) on the project-local PostgreSQL cluster.
#   bench/assistant.sh [path/to/MTS-Dialog.csv]   default: ../shared/data/mts-dialog/MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
port="${CHIROCLICK_PG_PORT:-55432}"
scripts/postgres.sh start >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists chiroclick_bench_assistant with (force)"
ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_bench_assistant scripts/postgres.sh start)"; export ConnectionStrings__Marten
echo "### Clinical assistant retrieval (bench/AssistantBench)"
echo
dotnet run -c Release --project bench/AssistantBench -v q -- "$@" 2>/dev/null | grep -Ev '^\s*$' || true
