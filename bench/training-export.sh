#!/usr/bin/env bash
# Training export rates (issue 5): 10,000 and 100,000 feedback rows to JSON Lines, rows/s and peak memory.
# Prints a markdown table. Uses ConnectionStrings__Marten, else the local cluster's chiroclick_bench.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_bench scripts/postgres.sh start)"; export ConnectionStrings__Marten
fi
echo "### Training export (bench/TrainingExportBench)"
echo
dotnet run -c Release --project bench/TrainingExportBench -v q -- 10000 100000 2>/dev/null | grep -E '^(\||anonymiser)'
