#!/usr/bin/env bash
# Lints the OpenAPI document with Redocly CLI (recommended rules) and Spectral (spectral:oas), each must report
# zero errors and zero warnings (configs with reasons: tools/openapi-lint/). The document is the one the real API
# process served during the test run (TestResults/openapi-served.json, written by the real-server tests); without
# it, the one the CLI writes (`openapi -o`).
#   scripts/lint-openapi.sh [document.json]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
doc="${1:-$here/TestResults/openapi-served.json}"
if [ ! -s "$doc" ]; then
  doc="$(mktemp --suffix=.json)"
  dotnet run --project src/Api -- openapi -o "$doc" >/dev/null
fi
tools="$here/tools/openapi-lint"
if [ ! -x "$tools/node_modules/.bin/redocly" ] || [ ! -x "$tools/node_modules/.bin/spectral" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
status=0
echo "Redocly (recommended):"
out="$(cd "$tools" && NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off ./node_modules/.bin/redocly lint "$doc" --config redocly.yaml --format=stylish 2>&1)" || status=1
printf '%s\n' "$out" | grep -E "^\s+[0-9]+:[0-9]+|valid|warning|error" | grep -v "Deprecation\|Node.js" || true
printf '%s\n' "$out" | grep -qE "You have [0-9]+ warning" && status=1
echo "Spectral (spectral:oas):"
(cd "$tools" && ./node_modules/.bin/spectral lint "$doc" --ruleset .spectral.yaml --fail-severity=warn) || status=1
exit $status
