#!/usr/bin/env bash
# health-check.sh — the operations guide's health check: exit 0 when /health answers 200 within
# MAX_RETRIES attempts, RETRY_DELAY seconds apart. Uses curl when installed, otherwise the FakeAI
# binary's own `fakeai healthcheck` (distroless images and minimal hosts have no curl).
#   ENDPOINT=http://localhost:8000/health MAX_RETRIES=3 RETRY_DELAY=5 FAKEAI=fakeai
set -uo pipefail

ENDPOINT="${ENDPOINT:-http://localhost:8000/health}"
MAX_RETRIES="${MAX_RETRIES:-3}"
RETRY_DELAY="${RETRY_DELAY:-5}"
CURL="${CURL:-curl}"
FAKEAI="${FAKEAI:-fakeai}"
RETRY_COUNT=0

check_once() {
  if command -v "$CURL" >/dev/null 2>&1; then
    local response
    response="$("$CURL" -s -o /dev/null -m 10 -w "%{http_code}" "$ENDPOINT")"
    [[ "$response" == "200" ]]
  elif command -v "$FAKEAI" >/dev/null 2>&1; then
    "$FAKEAI" healthcheck --url "${ENDPOINT%/health}" --timeout 10 >/dev/null
  else
    echo "neither $CURL nor $FAKEAI is installed" >&2
    exit 2
  fi
}

while [ "$RETRY_COUNT" -lt "$MAX_RETRIES" ]; do
  if check_once; then
    echo "Health check passed"
    exit 0
  fi

  RETRY_COUNT=$((RETRY_COUNT + 1))
  echo "Health check failed (attempt $RETRY_COUNT/$MAX_RETRIES)"
  if [ "$RETRY_COUNT" -lt "$MAX_RETRIES" ]; then sleep "$RETRY_DELAY"; fi
done

echo "Health check failed after $MAX_RETRIES attempts"
exit 1
