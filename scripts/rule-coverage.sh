#!/usr/bin/env bash
# Runs ../shared/tools/rule-coverage (every rule of ../shared/docs/rules.md named by a test title).
set -euo pipefail
tool="$(dirname "$0")/../../shared/tools/rule-coverage"
if [ ! -x "$tool" ]; then
  echo "rule-coverage: SKIPPED — ../shared/tools/rule-coverage not found (../shared is absent next to this checkout)."
  exit 0
fi
"$tool" test src
