#!/bin/sh
# Starts the bench's Chromium ($BENCH_CHROMIUM) as the user nobody, for a bench run as root.
#
# Chromium run as root raises its display threads (the browser's, the GPU process's, each
# renderer's compositor and IO threads) to nice -8 and leaves page renderers' main threads at
# nice 5, where our scan runs: the scheduler then gives those threads about eighteen times the
# scan's share of a core whenever both want one. A reader's Chromium is not root and keeps every
# thread at nice 0. Figures: docs/performance.md, "Chromium as root".
set -eu
group=$(id -g nobody)
for arg in "$@"; do
  case "$arg" in
    # Playwright made the profile as root.
    --user-data-dir=*) chown -R "nobody:$group" "${arg#--user-data-dir=}" ;;
  esac
done
export HOME=/tmp/backstory-bench-home
mkdir -p "$HOME"
chown "nobody:$group" "$HOME"
exec setpriv --reuid=nobody --regid="$group" --clear-groups "$BENCH_CHROMIUM" "$@"
