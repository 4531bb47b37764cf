#!/usr/bin/env bash
# Crash test (outside the unit suite): kill -9 the API in the middle of a write load, a rate-limited
# campaign and workflow waits, restart it, and check that (1) every write that got a 2xx is in the events
# table, (2) the async projections catch up, (3) `projections verify` passes, (4) the campaign reaches
# every recipient exactly once and (5) every captured lead got exactly one workflow run and one staff task.
# Uses its own database, chiroclick_crash (recreated). Exit 0 = passed.
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
  Auth__DevelopmentApiKey="$key" Logging__LogLevel__Default=Warning Campaigns__MessagesPerSecond=4 \
    dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll --urls http://127.0.0.1:5091 >>"$out/api.log" 2>&1 &
  api=$!
  for _ in $(seq 1 60); do curl -sf http://127.0.0.1:5091/health >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "API did not start; see $out/api.log" >&2; exit 1
}

start_api
api_post() { curl -sf -X POST "http://127.0.0.1:5091$1" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -d "$2"; }
# A campaign to 24 consenting patients at 4 messages/s (no SMTP configured: the outbox table is the channel), launched
# just before the load so the kill lands in the middle of its sends, and a workflow with a wait on every captured lead.
recipients=24
for i in $(seq 1 $recipients); do
  api_post /api/v1/patients "{\"fullName\":\"Crash Patient $i\",\"email\":\"crash$i@example.no\",\"consents\":[{\"channel\":\"email\",\"purpose\":\"marketing\"}]}" >/dev/null
done
workflow=$(api_post /api/v1/crm/workflows '{"name":"Crash follow-up","trigger":{"type":"lead_captured"},"steps":[{"type":"wait","duration":"PT3S"},{"type":"create_task","title":"Call {fullName}"}]}' | jq -r .id)
campaign=$(api_post /api/v1/crm/campaigns '{"name":"Crash campaign","channel":"email","subject":"Hei","template":"Hei {firstName}"}' | jq -r .id)
api_post "/api/v1/crm/campaigns/$campaign/launch" '' >/dev/null
dotnet bench/ChiroClick.Bench/bin/Release/net10.0/ChiroClick.Bench.dll crashload http://127.0.0.1:5091 "$key" 12 "$out/acknowledged.log" &
load=$!
sleep 4
sent_before=$(sql "select count(*) from chiroclick.mt_events where stream_id = '$campaign' and type = 'campaign_message_sent'")
echo "kill -9 API (pid $api) during the write load, $sent_before of $recipients campaign messages sent" >&2
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

# (4) the campaign: completed, one CampaignMessageSent per recipient, one outbox row each.
campaign_ok=0
for _ in $(seq 1 60); do
  [ "$(sql "select count(*) from chiroclick.mt_events where stream_id = '$campaign' and type = 'campaign_completed'")" = 1 ] && { campaign_ok=1; break; }
  sleep 1
done
sent=$(sql "select count(*), count(distinct data->>'patientId') from chiroclick.mt_events where stream_id = '$campaign' and type = 'campaign_message_sent'")
outbox=$(sql "select count(*) from chiroclick.mt_doc_campaignoutboxmessage where data->>'campaignId' = '$campaign'")
[ "$sent" = "$recipients|$recipients" ] && [ "$outbox" = "$recipients" ] || campaign_ok=0
echo "campaign: sent (events|distinct patients) $sent of $recipients, outbox rows $outbox, completed: $([ $campaign_ok = 1 ] && echo yes || echo NO)" >&2

# (5) the workflow: as many runs, completed runs and tasks as leads captured while it was active.
runs_ok=0
for _ in $(seq 1 120); do
  counts=$(sql "select (select count(*) from chiroclick.mt_events where type = 'lead_captured'),
                       (select count(*) from chiroclick.mt_events where type = 'workflow_run_started' and data->>'workflowId' = '$workflow'),
                       (select count(*) from chiroclick.mt_events e where type = 'workflow_run_completed'
                          and stream_id in (select stream_id from chiroclick.mt_events where type = 'workflow_run_started' and data->>'workflowId' = '$workflow')),
                       (select count(*) from chiroclick.mt_events where type = 'staff_task_created' and data->>'title' like 'Call Crash%')")
  IFS='|' read -r leads started completed tasks <<<"$counts"
  if [ "$leads" -gt 0 ] && [ "$started" = "$leads" ] && [ "$completed" = "$leads" ] && [ "$tasks" = "$leads" ]; then runs_ok=1; break; fi
  sleep 1
done
echo "workflow: leads $leads, runs $started, completed $completed, tasks $tasks: $([ $runs_ok = 1 ] && echo exactly one each || echo NO)" >&2
kill "$api"; wait "$api" 2>/dev/null || true

# (3) the stored read models equal a recomputation from the raw events.
verify=0
dotnet src/Api/bin/Release/net10.0/ChiroClick.Api.dll projections verify 2>&1 | grep -E '^(OK|FAIL|     |All|Projections)' || verify=$?
[ "${PIPESTATUS[0]:-0}" = 0 ] || verify=1

if [ "$missing" = 0 ] && [ "$caught" = 1 ] && [ "$verify" = 0 ] && [ "$acked" -gt 0 ] && [ "$campaign_ok" = 1 ] && [ "$runs_ok" = 1 ]; then
  echo "CRASH TEST PASSED: $acked acknowledged writes, none lost; projections caught up and verified;" \
    "campaign $recipients/$recipients exactly once ($sent_before sent before the kill); $leads leads → $leads runs and tasks"
else
  echo "CRASH TEST FAILED: lost=$missing caught_up=$caught verify_exit=$verify acknowledged=$acked campaign_ok=$campaign_ok workflow_ok=$runs_ok"; exit 1
fi
