#!/usr/bin/env bash
# Durability: starts the built binary's server on a fresh SQLite database, creates tickets from 32
# clients, kills the server with SIGKILL in the middle of the load, starts it again and checks that
# every ticket it acknowledged (201) is there with its first message. Exits non-zero if one is missing.
# Usage: scripts/kill-test.sh [extra options for `rapport bench kill`]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RAPPORT_BIN:-$(swift build --show-bin-path)/rapport}
exec "$BIN" bench kill --clients 32 --kill-after 5 "$@"
