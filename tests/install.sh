#!/usr/bin/env bash
# Installs what the tests need: Debian's Chromium for the browser tests (Playwright cannot download
# browsers here) and the Python test requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -r requirements-test.txt
