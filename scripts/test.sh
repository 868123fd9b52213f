#!/usr/bin/env bash
# The checks CI runs: make .venv (if missing), install banmian with its pinned test tools,
# lint, and run the test suite. Extra arguments go to pytest (e.g. -k cli, -x).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
ensure_venv '.[test]'

# The real-browser test needs Debian's Chromium; CI (or BANMIAN_INSTALL_BROWSER=1) installs it
# when running as root and it is missing. Otherwise that one test is skipped, saying why.
if [ ! -x /usr/bin/chromium ] && { [ -n "${CI:-}" ] || [ "${BANMIAN_INSTALL_BROWSER:-}" = 1 ]; } && [ "$(id -u)" = 0 ]; then
  bash scripts/install_browser.sh
fi

echo "+ ruff check src tests bench scripts build_backend setup.py" >&2
.venv/bin/ruff check src tests bench scripts build_backend setup.py
echo "+ pytest $*" >&2
.venv/bin/pytest "$@"
