#!/usr/bin/env bash
# Browser tests: start the real `rapport serve --demo` on a free loopback port with a fresh data
# directory and drive it with Selenium in Debian's headless Chromium. Screenshots go to $SHOTS.
# Needs: apt-get install chromium chromium-driver; pip install selenium. BIN may name the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${BIN:-$(swift build --show-bin-path)/rapport}
DATA=$(mktemp -d /tmp/rapport-browser.XXXXXX)
SHOTS=${SHOTS:-$DATA/screenshots}
mkdir -p "$SHOTS"
PORT=${BROWSER_PORT:-18700}
while (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do PORT=$((PORT + 1)); done
RAPPORT_DATA_DIR="$DATA" RAPPORT_PUBLIC_URL="http://localhost:$PORT" "$BIN" serve --demo --port "$PORT" > "$DATA/serve.log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
echo "browser tests against http://localhost:$PORT; screenshots in $SHOTS"
python3 tests/browser/journeys.py "http://localhost:$PORT" "$DATA/rapport.sqlite" "$SHOTS"
