#!/usr/bin/env bash
# Install Debian's Chromium and a Chinese font for the real-browser test (tests/test_web_browser.py).
# Idempotent: does nothing when /usr/bin/chromium and the font are already there. Needs root and apt-get
# (Debian/Ubuntu); never downloads a browser through Playwright. scripts/test.sh calls this
# when CI is set or BANMIAN_INSTALL_BROWSER=1; run it by hand otherwise.
set -euo pipefail

have_font() { ! command -v dpkg >/dev/null 2>&1 || dpkg -s fonts-wqy-microhei >/dev/null 2>&1; }
if [ -x /usr/bin/chromium ] && have_font; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install_browser: not root; install the Debian packages chromium and fonts-wqy-microhei yourself (the browser test is skipped until then)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; install chromium (as /usr/bin/chromium) yourself (the browser test is skipped until then)" >&2
  exit 0
fi
echo "+ apt-get install chromium fonts-wqy-microhei" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei
