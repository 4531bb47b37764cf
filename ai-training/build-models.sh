#!/usr/bin/env bash
# Builds ChiroClick's Ollama models from modelfiles/*.Modelfile with `ollama create`.
#   ./build-models.sh [--dry-run] [NAME ...]     (default: chiro-no chiro-fast chiro-norwegian chiro-medical)
# Honours OLLAMA_HOST (passed through to the ollama CLI, e.g. OLLAMA_HOST=http://gpu-box:11434) and
# OLLAMA_BIN (the ollama executable, default `ollama` on PATH). Idempotent: `ollama create` replaces a
# model of the same name, and layers that already exist are not stored again.
# Exit codes: 0 all built; 2 usage (unknown model name); 3 ollama CLI not found; 4 Ollama server not
# reachable; 5 some models skipped because their local GGUF is missing; 6 `ollama create` failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modelfiles="$here/modelfiles"
ollama="${OLLAMA_BIN:-ollama}"
all=(chiro-no chiro-fast chiro-norwegian chiro-medical)
dry_run=0
names=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "build-models: unknown option $arg" >&2; exit 2 ;;
    *) names+=("$arg") ;;
  esac
done
[ ${#names[@]} -eq 0 ] && names=("${all[@]}")
for name in "${names[@]}"; do
  if [ ! -f "$modelfiles/$name.Modelfile" ]; then
    echo "build-models: no modelfiles/$name.Modelfile (known: ${all[*]})" >&2
    exit 2
  fi
done

if [ $dry_run -eq 0 ] && ! command -v "$ollama" >/dev/null 2>&1; then
  cat >&2 <<MSG
build-models: the ollama CLI was not found ('$ollama' is not on PATH).
  Install it from https://ollama.com/download (Linux: curl -fsSL https://ollama.com/install.sh | sh),
  or run it in Docker (docker compose up ollama) and point OLLAMA_HOST at it with a local CLI,
  then start the server with 'ollama serve' and run this script again.
MSG
  exit 3
fi

if [ $dry_run -eq 0 ] && ! "$ollama" list >/dev/null 2>&1; then
  cat >&2 <<MSG
build-models: the Ollama server at ${OLLAMA_HOST:-http://127.0.0.1:11434} is not answering.
  Start it with 'ollama serve' (or 'docker compose up -d ollama'), or set OLLAMA_HOST to where it runs.
MSG
  exit 4
fi

skipped=0
failed=0
for name in "${names[@]}"; do
  file="$modelfiles/$name.Modelfile"
  from="$(sed -n 's/^[[:space:]]*FROM[[:space:]]\{1,\}//p' "$file" | head -n 1)"
  from="${from%"${from##*[![:space:]]}"}"
  case "$from" in
    /*|./*|../*|*.gguf)
      # Ollama resolves relative FROM paths against the Modelfile's folder.
      path="$from"; [ "${path#/}" = "$path" ] && path="$modelfiles/$from"
      if [ ! -e "$path" ]; then
        echo "build-models: SKIP $name: its base $from is missing ($path); see README.md (Base models)" >&2
        skipped=$((skipped + 1))
        continue
      fi ;;
  esac
  echo "build-models: $ollama create $name -f $file   (FROM $from)"
  [ $dry_run -eq 1 ] && continue
  if ! "$ollama" create "$name" -f "$file"; then
    echo "build-models: FAILED to create $name (is the base '$from' pulled? try: $ollama pull $from)" >&2
    failed=$((failed + 1))
  fi
done

if [ $failed -gt 0 ]; then exit 6; fi
if [ $skipped -gt 0 ]; then echo "build-models: $skipped model(s) skipped" >&2; exit 5; fi
echo "build-models: done (${names[*]})"
