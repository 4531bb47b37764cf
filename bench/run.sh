#!/usr/bin/env bash
# Runs the benchmarks and writes docs/benchmarks.md (a markdown table, also printed).
#   bench/run.sh [--events N] [--seconds S]     defaults: 1,000,000 events, 10 s per HTTP run
# Uses its own database (chiroclick_bench, recreated) on the project-local PostgreSQL cluster.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
events=1000000; seconds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

out="$here/TestResults/bench"; mkdir -p "$out"; results="$out/results.jsonl"; : > "$results"
port="${CHIROCLICK_PG_PORT:-55432}"
scripts/postgres.sh start >/dev/null
psqlc() { psql -h 127.0.0.1 -p "$port" -U postgres "$@"; }
psqlc -d postgres -qc "drop database if exists chiroclick_bench with (force)"
cs="$(CHIROCLICK_PG_DB=chiroclick_bench scripts/postgres.sh start)"
pgbin=$(dirname "$(ls /usr/lib/postgresql/*/bin/pgbench | tail -n1)")

echo "== building (Release)" >&2
dotnet build src/Api -c Release -v q -nologo >/dev/null
dotnet build bench/ChiroClick.Bench -c Release -v q -nologo >/dev/null
bench() { dotnet bench/ChiroClick.Bench/bin/Release/net10.0/ChiroClick.Bench.dll "$@"; }

echo "== (a) raw single-row INSERT rate with pgbench on an mt_events-shaped table" >&2
psqlc -d chiroclick_bench -q <<'SQL'
create schema if not exists bench;
create sequence if not exists bench.seq;
create table if not exists bench.streams (tenant_id varchar not null, id uuid not null, version bigint, primary key (tenant_id, id));
create table if not exists bench.events (
  seq_id bigint primary key, id uuid not null, stream_id uuid, version bigint not null, data jsonb not null,
  type varchar(500) not null, "timestamp" timestamptz not null default now(), tenant_id varchar default '*DEFAULT*',
  mt_dotnet_type varchar, correlation_id varchar, causation_id varchar, headers jsonb, user_name varchar, is_archived boolean default false,
  unique (tenant_id, stream_id, version));
SQL
cat > "$out/insert.sql" <<'SQL'
insert into bench.events (seq_id, id, stream_id, version, data, type, tenant_id, mt_dotnet_type, correlation_id, user_name)
values (nextval('bench.seq'), gen_random_uuid(), gen_random_uuid(), 1,
  '{"leadId":"0195a1b2-0000-7000-8000-000000000000","from":"new","to":"contacted","reason":null}',
  'lead_stage_changed', 't1', 'ChiroClick.Domain.Leads.LeadStageChanged, ChiroClick.Domain', 'bench', 'bench');
SQL
for c in 1 4 16; do
  tps=$(PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres "$pgbin/pgbench" -n -c "$c" -j 2 -T "$seconds" -f "$out/insert.sql" chiroclick_bench 2>/dev/null \
        | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  echo "{\"benchmark\":\"pgbench_insert\",\"clients\":$c,\"perSecond\":$tps}" | tee -a "$results"
done

echo "== (a, c) API: lead stage changes over HTTP, memory at idle and under load" >&2
key="cc_bench_$(head -c 12 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
ConnectionStrings__Marten="$cs" Auth__DevelopmentApiKey="$key" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll --urls http://127.0.0.1:5090 >"$out/api.log" 2>&1 &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5090/health >/dev/null 2>&1 && break; sleep 1; done
curl -sf -H "X-Api-Key: $key" http://127.0.0.1:5090/api/v1/crm/leads >/dev/null
sleep 3
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$api/status"; }
echo "{\"benchmark\":\"api_memory\",\"state\":\"idle\",\"rssMiB\":$(rss)}" | tee -a "$results"
peak=0
( while kill -0 $api 2>/dev/null; do r=$(rss); echo "$r"; sleep 0.2; done ) > "$out/rss.log" &
sampler=$!
for c in 1 4 16; do bench http http://127.0.0.1:5090 "$key" "$c" "$seconds" | tee -a "$results"; done
kill $sampler 2>/dev/null || true
peak=$(sort -n "$out/rss.log" | tail -n1)
echo "{\"benchmark\":\"api_memory\",\"state\":\"under load (peak)\",\"rssMiB\":$peak}" | tee -a "$results"
kill $api; wait $api 2>/dev/null || true; trap - EXIT

echo "== (b) rebuilding all projections over $events events" >&2
bench seed "$cs" "$events" | tee -a "$results"
bench rebuild "$cs" | tee -a "$results"

echo "== (d) AI gateway overhead" >&2
ConnectionStrings__Marten="$cs" bash bench/ai-gateway.sh 1000 100 > "$out/d-ai-gateway.md" || echo "AI gateway benchmark failed" > "$out/d-ai-gateway.md"
if [ -x bench/training-export.sh ]; then
  echo "== (d) training export rates" >&2
  ConnectionStrings__Marten="$cs" bash bench/training-export.sh > "$out/d-training-export.md" || echo "Training export benchmark failed" > "$out/d-training-export.md"
fi

echo "== (d) screen-pop push latency" >&2
CHIROCLICK_BENCH_DB=chiroclick_bench_telephony bash bench/telephony.sh 300 30 > "$out/d-telephony.md" || echo "Telephony benchmark failed" > "$out/d-telephony.md"

python3 bench/report.py "$results" "$events" "$seconds" "$out" > docs/benchmarks.md
cat docs/benchmarks.md
