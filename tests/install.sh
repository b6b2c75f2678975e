#!/usr/bin/env bash
# Installs what the tests need: Debian's Chromium for the browser tests (Playwright cannot download
# browsers here), PostgreSQL for the store's second backend, and the Python test requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
# A CJK font too, so the Chinese interface is legible in the browser tests' screenshots.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
# Its headless shell too: the same engine without the desktop frame, which the browser tests drive (a page costs it
# about 40 % less CPU to draw; tests/e2e falls back to chromium without it).
command -v chromium-headless-shell >/dev/null 2>&1 || need+=(chromium-headless-shell)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
# PostgreSQL's server programs (initdb, pg_ctl): the store's tests run once more against a throwaway cluster.
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# GNU gettext's msgfmt: the tests check the word catalogues (videogen/i18n/locale) as a translator's tool does.
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -r requirements-test.txt
