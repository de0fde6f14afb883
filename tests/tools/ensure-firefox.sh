#!/usr/bin/env bash
# Makes sure a Firefox exists for the Firefox tests (tests/firefox): FIREFOX_PATH, or a firefox-esr /
# firefox on PATH, else Debian's firefox-esr installed with apt-get where that works.
set -euo pipefail
if [ -n "${FIREFOX_PATH:-}" ] && [ -x "$FIREFOX_PATH" ]; then exit 0; fi
if command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  echo "Installing Debian's firefox-esr (needed to test the Firefox build)…"
  if $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null; then exit 0; fi
fi
echo "No Firefox could be installed. Install one (apt-get install firefox-esr) or set FIREFOX_PATH to a Firefox binary." >&2
exit 1
