#!/usr/bin/env bash
# Makes sure a Chromium exists for the demo and the tests: CHROMIUM_PATH or Debian's package,
# installing it with apt-get where that works, else Playwright's own download.
# Debian's chromium has only an en-US UI; chromium-l10n adds the other languages, which the
# i18n tests use (Chromium started with LANGUAGE=zh_TW), so the two are installed together.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }
# Debian's chromium without its language packs.
needs_l10n() { command -v dpkg >/dev/null 2>&1 && dpkg -s chromium >/dev/null 2>&1 && ! dpkg -s chromium-l10n >/dev/null 2>&1; }
if have_chromium && ! needs_l10n; then exit 0; fi
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  echo "Installing Debian's chromium and chromium-l10n (needed to run and test the extension)…"
  if $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n >/dev/null; then exit 0; fi
fi
if have_chromium; then
  echo "Could not install chromium-l10n: Chromium's UI stays English and the i18n tests will fail." >&2
  exit 0
fi
echo "Trying Playwright's own Chromium download…"
if npx playwright install chromium; then exit 0; fi
echo "No Chromium could be installed. Install one (apt-get install chromium chromium-l10n) or set CHROMIUM_PATH." >&2
exit 1
