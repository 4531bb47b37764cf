#!/usr/bin/env bash
# Runs the API for local use: starts the project-local PostgreSQL unless ConnectionStrings__Marten is
# set, applies the schema (at start-up), and prints the base URL, the API page and a development key.
#   scripts/run.sh [extra dotnet run arguments]     (CHIROCLICK_URL overrides http://127.0.0.1:5080)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(scripts/postgres.sh start)"
  export ConnectionStrings__Marten
fi

# A development key, created once and kept in the git-ignored .local/ folder.
mkdir -p .local
if [ ! -s .local/dev-api-key ]; then
  (umask 077; printf 'cc_dev_%s\n' "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" > .local/dev-api-key)
fi
export Auth__DevelopmentApiKey="$(cat .local/dev-api-key)"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

exec dotnet run --project src/Api -- --urls "${CHIROCLICK_URL:-http://127.0.0.1:5080}" "$@"
