#!/usr/bin/env bash
# Makes sure a Chromium exists for the demo and the tests: CHROMIUM_PATH or Debian's package,
# installing it with apt-get where that works, else Playwright's own download.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  echo "Installing Debian's chromium (needed to run and test the extension)…"
  if $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then exit 0; fi
fi
echo "Trying Playwright's own Chromium download…"
if npx playwright install chromium; then exit 0; fi
echo "No Chromium could be installed. Install one (apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
