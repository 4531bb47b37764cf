#!/usr/bin/env bash
# Write path against its floor (issue 15, item 5), interleaved in one run at the same client count (fsync on):
#   raw     single-row INSERTs into an mt_events-shaped table (Npgsql, autocommit)
#   bare    bench/BareLeadCapture: minimal API + Marten, same lead capture (2 events, inline Lead + LeadSummary), nothing else
#   api     ChiroClick's POST /api/v1/crm/leads (Release, Static code, Production settings, API key)
#   before  (with --before DIR) the same API built from an earlier commit (DIR = its bin/Release/net10.0), own database:
#           the before/after comparison of a write-path change, measured in the same run
# Each round runs them one after another for S seconds; the table gives the median of the rounds.
#   bench/write-path.sh [--clients 16] [--seconds 10] [--rounds 3] [--before DIR]
# Own database (chiroclick_bench_write, recreated). Prints a markdown table; raw JSON lines in TestResults/bench/write-path.jsonl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"; cd "$here"
clients=16; seconds=10; rounds=3; before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;; --seconds) seconds="$2"; shift 2 ;; --rounds) rounds="$2"; shift 2 ;; --before) before="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
out="$here/TestResults/bench"; mkdir -p "$out"; results="$out/write-path.jsonl"; : > "$results"
port="${CHIROCLICK_PG_PORT:-55432}"
scripts/postgres.sh start >/dev/null
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists chiroclick_bench_write with (force)"
cs="$(CHIROCLICK_PG_DB=chiroclick_bench_write scripts/postgres.sh start)"
[ "$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'show fsync')" = on ] || echo "WARNING: fsync is off" >&2

for p in src/Api bench/BareLeadCapture bench/ChiroClick.Bench; do
  dotnet build "$p" -c Release -v q -nologo >"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
done
bench() { dotnet bench/ChiroClick.Bench/bin/Release/net10.0/ChiroClick.Bench.dll "$@"; }

key="cc_bench_$(head -c 12 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
# The per-key rate limit (600/min by default) would answer 429 at these rates: raised, so the limiter still runs but never refuses.
ConnectionStrings__Marten="$cs" Auth__DevelopmentApiKey="$key" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  RateLimiting__PermitsPerMinute=100000000 \
  dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll --urls http://127.0.0.1:5091 >"$out/write-api.log" 2>&1 & api=$!
ConnectionStrings__Marten="$cs" dotnet bench/BareLeadCapture/bin/Release/net10.0/ChiroClick.Bench.BareLeadCapture.dll \
  --urls http://127.0.0.1:5092 >"$out/write-bare.log" 2>&1 & bare=$!
before_pid=""
if [ -n "$before" ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists chiroclick_bench_write_before with (force)"
  cs_before="$(CHIROCLICK_PG_DB=chiroclick_bench_write_before scripts/postgres.sh start)"
  ConnectionStrings__Marten="$cs_before" Auth__DevelopmentApiKey="$key" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    RateLimiting__PermitsPerMinute=100000000 \
    dotnet "$before/ChiroClick.Api.dll" --urls http://127.0.0.1:5093 >"$out/write-before.log" 2>&1 & before_pid=$!
fi
trap 'kill $api $bare $before_pid 2>/dev/null || true' EXIT
for u in 5091 5092 ${before_pid:+5093}; do for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$u/health" >/dev/null 2>&1 && break; sleep 1; done; done
# The development clinic is registered on its own task after start: wait until the key is accepted.
for u in 5091 ${before_pid:+5093}; do
  for _ in $(seq 1 60); do [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" http://127.0.0.1:$u/api/v1/crm/leads)" = 200 ] && break; sleep 1; done
done

# Warm-up (JIT, connection pools, first schema touches), not counted.
bench inserts "$cs" "$clients" 3 >/dev/null
bench capture bare http://127.0.0.1:5092/leads - "$clients" 3 >/dev/null
bench capture api http://127.0.0.1:5091/api/v1/crm/leads "$key" "$clients" 3 >/dev/null
[ -z "$before_pid" ] || bench capture before http://127.0.0.1:5093/api/v1/crm/leads "$key" "$clients" 3 >/dev/null
# CPU time of a server process (user + system, ms): divided by the requests it answered, a figure the other sessions'
# load on the shared cores hardly moves (unlike requests/s).
cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }
# CPU ms of all servers together in one second.
busy() { local a b; a=$(cpus); sleep 1; b=$(cpus); echo $(( ${b%.*} - ${a%.*} )); }
cpus() { local p t=0; for p in $api $bare $before_pid; do t=$(awk -v t="$t" -v k="$(getconf CLK_TCK)" '{print t + ($14 + $15) * 1000 / k}' "/proc/$p/stat"); done; echo "$t"; }
# Waits (at most 20 s) until the servers are back to their idle CPU use (measured before the rounds, + 50 ms/s), so the
# async work a run queued (ChiroClick's daemon and relay catching up) never steals cores from the next contender.
settle() { local end=$((SECONDS + 20)); while [ $SECONDS -lt $end ] && [ "$(busy)" -gt $((idle + 50)) ]; do :; done; }
measured() { # name pid command...: runs the command, adds the server's CPU ms per request to its JSON line
  local name=$1 pid=$2; shift 2
  # CPU of the run's own window; the async backlog left at its end is worked off by settle() before the next contender starts.
  local before line after; before=$(cpu "$pid"); line="$("$@")"; after=$(cpu "$pid"); settle
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['serverCpuMsPerRequest']=round(($after-$before)/max(r['requests'],1),2); print(json.dumps(r))" "$line"
}
# After the warm-up: wait (at most 60 s) for the daemons to catch up before measuring each server's idle CPU use.
end=$((SECONDS + 60)); while [ $SECONDS -lt $end ] && [ "$(busy)" -gt 150 ]; do :; done
idle=$(busy); echo "servers idle: $idle CPU ms/s together" >&2
for r in $(seq 1 "$rounds"); do
  echo "== round $r/$rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  bench inserts "$cs" "$clients" "$seconds" | tee -a "$results" >&2
  measured bare $bare bench capture bare http://127.0.0.1:5092/leads - "$clients" "$seconds" | tee -a "$results" >&2
  measured api $api bench capture api http://127.0.0.1:5091/api/v1/crm/leads "$key" "$clients" "$seconds" | tee -a "$results" >&2
  [ -z "$before_pid" ] || measured before $before_pid bench capture before http://127.0.0.1:5093/api/v1/crm/leads "$key" "$clients" "$seconds" |
    tee -a "$results" >&2
done
rss() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
echo "RSS after the runs: api $(rss $api) MiB, bare $(rss $bare) MiB" >&2

python3 - "$results" "$clients" "$seconds" "$rounds" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(name, key): return statistics.median(r[key] for r in rows if r["benchmark"] == name)
bare = med("bare", "perSecond")
print(f"| {sys.argv[2]} clients, {sys.argv[3]} s × {sys.argv[4]} rounds (median) | requests/s | p50 ms | p99 ms | vs bare floor | server CPU ms/request | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, label in [("raw_insert", "raw single-row INSERT (Npgsql)"), ("bare", "bare minimal API + Marten (floor)"),
                    ("api", "ChiroClick POST /api/v1/crm/leads"), ("before", "ChiroClick before the change (--before)")]:
    if not any(r["benchmark"] == name for r in rows): continue
    ps = med(name, "perSecond")
    errors = sum(r["errors"] for r in rows if r["benchmark"] == name)
    cpu = f"{med(name, 'serverCpuMsPerRequest'):.2f}" if name != "raw_insert" else "–"
    print(f"| {label} | {ps:,.0f} | {med(name, 'p50Ms'):.1f} | {med(name, 'p99Ms'):.1f} | {ps / bare:.0%} | {cpu} | {errors} |")
PY
