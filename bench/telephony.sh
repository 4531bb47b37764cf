#!/usr/bin/env bash
# Screen-pop push latency (issue 17): two API processes on one database, signed ringing webhooks to one, p50/p95/p99 from
# the webhook's answer to the call event on a stream of each process, against the webhook's own round trip. Prints a table.
#   bench/telephony.sh [calls] [warmup]     (its own database chiroclick_bench_telephony on the local cluster, recreated)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
port="${CHIROCLICK_PG_PORT:-55432}"
db="${CHIROCLICK_BENCH_DB:-chiroclick_bench_telephony}"
scripts/postgres.sh start >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists $db with (force)"
cs="$(CHIROCLICK_PG_DB=$db scripts/postgres.sh start)"
dotnet build -c Release src/Api -v q -nologo >/dev/null
dotnet build -c Release bench/ChiroClick.Bench.Telephony -v q -nologo >/dev/null
ConnectionStrings__Marten="$cs" dotnet bench/ChiroClick.Bench.Telephony/bin/Release/net10.0/ChiroClick.Bench.Telephony.dll \
  src/Api/bin/Release/net10.0/ChiroClick.Api.dll "${1:-300}" "${2:-30}"
