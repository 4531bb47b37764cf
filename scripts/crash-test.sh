#!/usr/bin/env bash
# Crash test (outside the unit suite): kill -9 the API in the middle of a write load, restart it, and
# check that (1) every write that got a 2xx is in the events table, (2) the async projections catch up,
# (3) `projections verify` passes. Uses its own database, chiroclick_crash (recreated). Exit 0 = passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
port="${CHIROCLICK_PG_PORT:-55432}"
out="$here/TestResults/crash"; mkdir -p "$out"
scripts/postgres.sh start >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists chiroclick_crash with (force)"
export ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_crash scripts/postgres.sh start)"
sql() { psql -h 127.0.0.1 -p "$port" -U postgres -d chiroclick_crash -tAc "$1"; }

dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build bench/ChiroClick.Bench -c Release -v q -nologo >/dev/null
key="cc_crash_$(head -c 12 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
start_api() {
  Auth__DevelopmentApiKey="$key" Logging__LogLevel__Default=Warning \
    dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll --urls http://127.0.0.1:5091 >>"$out/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5091/health >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "API did not start; see $out/api.log" >&2; exit 1
}

start_api
dotnet bench/ChiroClick.Bench/bin/Release/net10.0/ChiroClick.Bench.dll crashload http://127.0.0.1:5091 "$key" 12 "$out/acknowledged.log" &
load=$!
sleep 4
echo "kill -9 API (pid $api) during the write load" >&2
kill -9 "$api"; wait "$api" 2>/dev/null || true
sleep 2
start_api
wait "$load"

acked=$(wc -l < "$out/acknowledged.log")
# (1) every acknowledged write: its stream has at least that many events.
missing=0
while read -r id version; do
  have=$(sql "select coalesce(max(version),0) from chiroclick.mt_events where stream_id = '$id'")
  [ "$have" -ge "$version" ] || { echo "LOST: lead $id acknowledged at version $version, stored $have" >&2; missing=$((missing+1)); }
done < "$out/acknowledged.log"
echo "acknowledged writes: $acked, lost: $missing" >&2

# (2) async projections catch up with the highest event sequence.
max=$(sql "select coalesce(max(seq_id),0) from chiroclick.mt_events")
caught=0
for _ in $(seq 1 60); do
  low=$(sql "select coalesce(min(last_seq_id),0) from chiroclick.mt_event_progression where name like '%:All'")
  if [ "$low" -ge "$max" ]; then caught=1; break; fi
  sleep 1
done
echo "async projections caught up to $max: $([ $caught = 1 ] && echo yes || echo NO)" >&2
kill "$api"; wait "$api" 2>/dev/null || true

# (3) the stored read models equal a recomputation from the raw events.
verify=0
dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll projections verify 2>&1 | grep -E '^(OK|FAIL|     |All|Projections)' || verify=$?
[ "${PIPESTATUS[0]:-0}" = 0 ] || verify=1

if [ "$missing" = 0 ] && [ "$caught" = 1 ] && [ "$verify" = 0 ] && [ "$acked" -gt 0 ]; then
  echo "CRASH TEST PASSED: $acked acknowledged writes, none lost; projections caught up and verified"
else
  echo "CRASH TEST FAILED: lost=$missing caught_up=$caught verify_exit=$verify acknowledged=$acked"; exit 1
fi
