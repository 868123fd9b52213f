#!/usr/bin/env bash
# Demo on a fresh machine: make .venv (if missing), install banmian into it, parse the
# bundled sample page to Markdown on stdout and to JSON in out/sample-page.json.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv '.'

echo "+ banmian parse examples/sample-page.txt --format md" >&2
.venv/bin/banmian parse examples/sample-page.txt --format md
echo "+ banmian parse examples/sample-page.txt -o out" >&2
.venv/bin/banmian parse examples/sample-page.txt -o out
echo "wrote out/sample-page.json" >&2
