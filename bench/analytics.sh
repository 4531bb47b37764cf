#!/usr/bin/env bash
# Analytics at scale: seeds a small clinic (1,000 patients) and the measured one with `seed synthetic`, starts the API
# (Release, Static code), waits for the async projections, then times each analytics endpoint warm (curl, sequential) and
# reads the API's RSS; prints the analytics documents of each clinic (what the endpoints read); stops the API and times
#   projections rebuild -p ClinicAnalytics.
#   bench/analytics.sh [--patients N] [--visits-per-patient M] [--survey-responses K] [--requests R] [--reuse]
# Own database (chiroclick_bench_analytics, recreated; with --reuse the one a previous run seeded is measured again, its
# largest clinic with a new admin key, no seeding). Prints a markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"; cd "$here"
patients=100000; visits=11; responses=50000; requests=200; reuse=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients="$2"; shift 2 ;; --visits-per-patient) visits="$2"; shift 2 ;;
    --survey-responses) responses="$2"; shift 2 ;; --requests) requests="$2"; shift 2 ;; --reuse) reuse=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
port="${CHIROCLICK_PG_PORT:-55432}"
scripts/postgres.sh start >/dev/null
[ -n "$reuse" ] || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "drop database if exists chiroclick_bench_analytics with (force)"
export ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_bench_analytics scripts/postgres.sh start)"
dotnet build src/Api -c Release -v q -nologo >/dev/null
# Run from a copy, so a build during the (long) run cannot change the binaries half-way.
bin="$(mktemp -d)"; cp -r src/Api/bin/Release/net10.0/. "$bin/"
api() { dotnet "$bin/ChiroClick.Api.dll" "$@"; }
export Logging__LogLevel__Default=Warning
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ -n "$reuse" ]; then
  clinics() { psql -h 127.0.0.1 -p "$port" -U postgres -d chiroclick_bench_analytics -Atc \
    "select tenant_id from chiroclick.mt_doc_patientsummary group by 1 order by count(*) $1 limit 1"; }
  small="$(clinics asc)"; clinic="$(clinics desc)"
  patients=$(psql -h 127.0.0.1 -p "$port" -U postgres -d chiroclick_bench_analytics -Atc \
    "select count(*) from chiroclick.mt_doc_patientsummary where tenant_id = '$clinic'")
  key="$(api clinics key "$clinic" bench --role admin | sed -n 's/.*(shown once): //p')"
else
  small="$(api clinics add "Small clinic" | sed -n 's/^Clinic id: //p')"
  api seed synthetic --clinic "$small" --patients 1000 --visits-per-patient "$visits" --survey-responses 500 --years 3 | grep -E "^(Append|Events)" >&2
  out="$(api clinics add "Bench clinic")"
  clinic="$(echo "$out" | sed -n 's/^Clinic id: //p')"; key="$(echo "$out" | sed -n 's/.*X-Api-Key): //p')"
  api seed synthetic --clinic "$clinic" --patients "$patients" --visits-per-patient "$visits" --survey-responses "$responses" --years 3 | grep -E "^(Append|Events)" | tee /tmp/seed.log >&2
fi
echo "load after seeding: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet "$bin/ChiroClick.Api.dll" --urls http://127.0.0.1:5099 >/tmp/bench_api.log 2>&1 & pid=$!  # dotnet itself, so $pid is the API process
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf http://127.0.0.1:5099/health >/dev/null; do sleep 1; done
start=$(date +%s)
until [ "$(curl -s -H "X-Api-Key: $key" http://127.0.0.1:5099/api/v1/crm/retention | python3 -c 'import json,sys; print(json.load(sys.stdin)["registeredPatients"])')" = "$patients" ]; do sleep 2; done
echo "async projections caught up $(( $(date +%s) - start )) s after start" >&2
echo "| endpoint | p50 ms | p99 ms |"; echo "|---|---|---|"
for path in retention/cohorts retention/churn retention surveys/nps/stats lifecycle/stats referrals/stats overview; do
  for i in $(seq 10); do curl -s -o /dev/null -H "X-Api-Key: $key" "http://127.0.0.1:5099/api/v1/crm/$path"; done
  for i in $(seq "$requests"); do curl -s -o /dev/null -w '%{time_total}\n' -H "X-Api-Key: $key" "http://127.0.0.1:5099/api/v1/crm/$path"; done |
    python3 -c "import sys; t=sorted(float(x)*1000 for x in sys.stdin); print(f'| /api/v1/crm/$path | {t[len(t)//2]:.1f} | {t[int(len(t)*0.99)-1]:.1f} |')"
done
echo; echo "| analytics documents of the clinic | 1,000 patients | $patients patients |"; echo "|---|---:|---:|"
for t in clinicanalytics clinicmonth clinicmonthmoments npsmonthcounts; do
  n() { psql -h 127.0.0.1 -p "$port" -U postgres -d chiroclick_bench_analytics -tAc "select count(*) from chiroclick.mt_doc_$t where tenant_id = '$1'"; }
  echo "| mt_doc_$t | $(n "$small") | $(n "$clinic") |"
done
echo; echo "API RSS while serving: $(awk '/VmRSS/{printf "%.0f MiB", $2/1024}' /proc/$pid/status), peak $(awk '/VmHWM/{printf "%.0f MiB", $2/1024}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null || true; trap - EXIT
events=$(psql -h 127.0.0.1 -p "$port" -U postgres -d chiroclick_bench_analytics -tAc "select count(*) from chiroclick.mt_events")
t0=$(date +%s.%N); api projections rebuild -p ClinicAnalytics >/tmp/rebuild.log 2>&1; t1=$(date +%s.%N)
python3 -c "print(f'Rebuild of ClinicAnalytics: $events events in {$t1-$t0:.1f} s = {$events/($t1-$t0):,.0f} events/s (CLI process, start-up included)')"
