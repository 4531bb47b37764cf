#!/usr/bin/env bash
# The demo on real public data: a new demo clinic with the Synthea patients and visits, leads, NPS,
# MTS-Dialog replayed as AI suggestions (against Ollama when it runs, else as 'dataset-replay'), then
# the pipeline, NPS, cohort table and an anonymised training export are printed.
#   scripts/demo.sh [--dialogues N] [--out DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(scripts/postgres.sh start)"; export ConnectionStrings__Marten
fi
export Logging__LogLevel__Default="${Logging__LogLevel__Default:-Warning}"
exec dotnet run --project src/Api -- demo "$@"
