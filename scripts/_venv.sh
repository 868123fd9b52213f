# shellcheck shell=bash
# Sourced by scripts/demo.sh and scripts/test.sh: make .venv exist and hold banmian.
#   ensure_venv SPEC   e.g. ensure_venv '.'  or  ensure_venv '.[test]'
# Needs python3 >= 3.11 on PATH (or PYTHON=/path/to/python3.11+). Idempotent: the
# `pip install -e` runs again only when pyproject.toml or SPEC changed since the last one.

ensure_venv() {
  local spec="$1" py="${PYTHON:-python3}" stamp
  if [ ! -x .venv/bin/python ]; then
    if ! command -v "$py" >/dev/null 2>&1; then
      echo "error: $py not found; install Python 3.11 or newer (or set PYTHON=/path/to/python3)" >&2
      exit 1
    fi
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "error: $py is Python $("$py" -c 'import platform; print(platform.python_version())'); banmian needs 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
      exit 1
    fi
    echo "+ $py -m venv .venv" >&2
    "$py" -m venv .venv
  fi
  stamp=".venv/.banmian-installed-$(printf '%s' "$spec" | tr -c 'a-z' '_')"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ! .venv/bin/python -c 'import banmian' 2>/dev/null; then
    echo "+ .venv/bin/python -m pip install -e '$spec'" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
    touch "$stamp"
  fi
}
