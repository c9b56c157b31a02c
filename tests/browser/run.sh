#!/usr/bin/env bash
# Browser tests: start the built `rapport serve --demo` (debug by default; BIN names another binary)
# on a free loopback port with a fresh SQLite data directory, wait for /health, and drive it with
# Selenium in Debian's headless Chromium (tests/browser/journeys.py). Screenshots go to
# $BROWSER_SHOTS (default: a new directory under /tmp, printed at the end).
# Needs: apt-get install chromium chromium-driver; pip install selenium (.ci/run installs both).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-.build/debug/rapport}
[ -x "$BIN" ] || { echo "no binary at $BIN: run 'swift build' first (or set BIN)" >&2; exit 1; }
DATA=$(mktemp -d /tmp/rapport-browser.XXXXXX)
SHOTS=${BROWSER_SHOTS:-$DATA/screenshots}
mkdir -p "$SHOTS"
# A free port: ask the kernel for one rather than probing.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
env -u DATABASE_URL RAPPORT_DATA_DIR="$DATA" RAPPORT_PUBLIC_URL="http://localhost:$PORT" "$BIN" serve --demo --hostname 127.0.0.1 --port "$PORT" > "$DATA/serve.log" 2>&1 &
PID=$!
cleanup() {
    status=$?
    if kill -0 "$PID" 2>/dev/null; then
        kill -TERM "$PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    wait "$PID" 2>/dev/null || true
    if [ "$status" -ne 0 ]; then echo "--- last lines of the server log ($DATA/serve.log)"; tail -n 30 "$DATA/serve.log" || true; fi
    # Keep the screenshots (they may be inside $DATA); drop the rest.
    if [ "$SHOTS" = "$DATA/screenshots" ]; then find "$DATA" -mindepth 1 -maxdepth 1 ! -name screenshots -exec rm -rf {} +; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
ready=0
for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$PID" 2>/dev/null || { echo "the server exited before answering /health" >&2; exit 1; }
    sleep 0.25
done
[ "$ready" -eq 1 ] || { echo "the server did not answer /health within 60 s" >&2; exit 1; }
echo "browser tests against http://localhost:$PORT; screenshots in $SHOTS"
python3 tests/browser/journeys.py "http://localhost:$PORT" "$DATA/rapport.sqlite" "$SHOTS"
