#!/usr/bin/env bash
# Starts the built binary with --demo on a fresh data directory and uses it as a new user would:
# health, a token from the CLI, create, filter, update, archive, export, playbook.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(swift build --show-bin-path)/rapport
DATA=$(mktemp -d /tmp/rapport-smoke.XXXXXX)
PORT=${SMOKE_PORT:-18080}
while (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do PORT=$((PORT + 1)); done
export RAPPORT_DATA_DIR="$DATA"
LOG="$DATA/serve.log"
"$BIN" serve --demo --port "$PORT" > "$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $1"; fi; }
URL="http://127.0.0.1:$PORT"
check "health answers" "curl -fsS $URL/health | grep -q '\"ok\"'"
check "serve --demo prints the sign-in" "grep -q 'admin@demo.rapport.test' '$LOG'"
TOKEN=$("$BIN" token create --email admin@demo.rapport.test --workspace demo)
AUTH="Authorization: Bearer $TOKEN"
check "demo has at-risk customers" "curl -fsS '$URL/api/v1/customers?lifecycle=at_risk&limit=5' -H '$AUTH' | grep -q '\"at_risk\"'"
ID=$(curl -fsS -X POST "$URL/api/v1/customers" -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"name":"Smoke Test","emails":["smoke@example.com"],"tags":["smoke"],"profile":{"communication_styles":["impatient"],"lifecycle":"at_risk"}}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
check "filter finds the new customer" "curl -fsS '$URL/api/v1/customers?tag=smoke' -H '$AUTH' | grep -q 'smoke@example.com'"
check "update changes it" "curl -fsS -X PATCH '$URL/api/v1/customers/$ID' -H '$AUTH' -H 'Content-Type: application/json' -d '{\"language\":\"de\"}' | grep -q '\"language\":\"de\"'"
check "playbook has guidance" "curl -fsS '$URL/api/v1/customers/$ID/playbook' -H '$AUTH' | grep -q '\"checklist\"'"
check "archive hides it" "curl -fsS -X POST '$URL/api/v1/customers/$ID/archive' -H '$AUTH' >/dev/null && ! curl -fsS '$URL/api/v1/customers?tag=smoke' -H '$AUTH' | grep -q smoke@example.com"
check "export streams CSV" "curl -fsS '$URL/api/v1/customers/export' -H '$AUTH' -o '$DATA/out.csv' && head -1 '$DATA/out.csv' | grep -q '^id,name,emails' && [ \$(wc -l < '$DATA/out.csv') -gt 300 ]"
printf 'name,email\n"Doe, Jane",jane.smoke@example.com\n' > "$DATA/in.csv"
check "CLI import" "'$BIN' customers import '$DATA/in.csv' --workspace demo --quiet | grep -q '1 created'"
check "demo has tickets under SLA policies" "curl -fsS '$URL/api/v1/tickets?status=open&limit=5' -H '$AUTH' | grep -q '\"policy_id\":\"'"
check "demo has office hours and three SLA policies" "[ \$(curl -fsS '$URL/api/v1/sla-policies' -H '$AUTH' | grep -o '\"targets\"' | wc -l) -eq 3 ]"
TICKET=$(curl -fsS -X POST "$URL/api/v1/tickets" -H "$AUTH" -H 'Content-Type: application/json' \
    -d "{\"requester_id\":\"$ID\",\"subject\":\"Smoke ticket\",\"priority\":\"high\",\"message\":{\"body\":\"My order has not arrived\",\"author\":\"customer\"}}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
check "a reply is in the ticket's history" "curl -fsS -X POST '$URL/api/v1/tickets/$TICKET/messages' -H '$AUTH' -H 'Content-Type: application/json' -d '{\"body\":\"It ships today.\"}' >/dev/null && curl -fsS '$URL/api/v1/tickets/$TICKET/events' -H '$AUTH' | grep -q message_added"
check "no token is 401" "[ \"\$(curl -s -o /dev/null -w '%{http_code}' $URL/api/v1/customers)\" = 401 ]"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
