#!/usr/bin/env bash
# Regenerates Wolverine's handler/endpoint code into src/Api/Internal/Generated (loaded Statically
# outside Development). With --check, fails when the regenerated code differs from what git holds.
#   scripts/codegen.sh [--check]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(scripts/postgres.sh start)"; export ConnectionStrings__Marten
fi
rm -rf src/Api/Internal/Generated
dotnet build src/Api -v q -nologo >/dev/null
(cd src/Api && ASPNETCORE_ENVIRONMENT=Development dotnet run --no-build -- codegen write >/dev/null)
if [ "${1:-}" = "--check" ]; then
  changes="$(git status --porcelain -- src/Api/Internal/Generated)"
  if [ -n "$changes" ]; then
    echo "Generated code is stale: run scripts/codegen.sh and commit src/Api/Internal/Generated." >&2
    printf '%s\n' "$changes" >&2
    git --no-pager diff --stat -- src/Api/Internal/Generated >&2 || true
    exit 1
  fi
  echo "Generated code is current."
fi
