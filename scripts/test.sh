#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (the project-local cluster, database chiroclick_tests,
# unless ConnectionStrings__Marten is set) and ends with a plain "N passed, N failed, N skipped" line.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter Leads]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

if [ -z "${ConnectionStrings__Marten:-}" ]; then
  ConnectionStrings__Marten="$(CHIROCLICK_PG_DB=chiroclick_tests scripts/postgres.sh start)" || exit 1
  export ConnectionStrings__Marten
fi

results="$here/TestResults"
rm -rf "$results"
dotnet test ChiroClick.sln --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@"
status=$?
mkdir -p "$results"

# The committed Static handler code must equal a fresh generation (docs/architecture.md).
codegen_failed=0
if ! scripts/codegen.sh --check; then codegen_failed=1; status=1; fi

# The OpenAPI document the real API served, linted by Redocly and Spectral: zero errors, zero warnings.
lint_failed=0
if ! scripts/lint-openapi.sh > "$results/openapi-lint.log" 2>&1; then lint_failed=1; status=1; fi
tail -n 6 "$results/openapi-lint.log"

# Python tests of ai-training (stdlib only), when present.
py_log="$results/python-unittest.log"
if [ -d ai-training/tests ]; then
  (cd ai-training && python3 -m unittest discover -s tests -v) >"$py_log" 2>&1 || status=1
  tail -n 4 "$py_log"
fi

# Figures of the real-server layer (requests sent, operations covered; tests/ChiroClick.Tests/RealServer).
[ -f "$results/real-server.txt" ] && cat "$results/real-server.txt"

python3 - "$results" "$py_log" "$codegen_failed" "$lint_failed" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
if os.path.exists(sys.argv[2]):
    log = open(sys.argv[2], encoding="utf-8", errors="replace").read()
    passed += len(re.findall(r" \.\.\. ok$", log, re.M))
    failed += len(re.findall(r" \.\.\. (FAIL|ERROR)$", log, re.M))
    skipped += len(re.findall(r" \.\.\. skipped", log, re.M))
for check in sys.argv[3:5]:  # generated-code check, OpenAPI lint
    if check == "1":
        failed += 1
    else:
        passed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
