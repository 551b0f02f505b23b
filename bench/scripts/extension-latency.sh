#!/usr/bin/env bash
# Extension cost (issue 22, extension.ExtensionLatency): the added latency of "ask NAME ..." answered
# at once by a local CEK extension over a built-in answer, and extension requests/s with the extension
# answering after DELAY_MS, beside built-in requests/s, N devices in a closed loop. One run, an
# in-process server and the extension on loopback; prints the machine's load average before and after.
#
#   bench/scripts/extension-latency.sh [DEVICES] [DELAY_MS]     (defaults: 8 devices, 50 ms)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEVICES="${1:-8}"
DELAY_MS="${2:-50}"
# the server logs every request at INFO: the whole output goes to a file, the report lines to stdout
RAW="$(mktemp /tmp/extension-latency.XXXXXX.log)"
status=0
nice -n 10 "$ROOT/cic" bench extension.ExtensionLatency --devices "$DEVICES" --delay-ms "$DELAY_MS" >"$RAW" 2>&1 || status=$?
grep -E '^(machine|latency|throughput|extension requests|  )' "$RAW" || true
echo "full output: $RAW (exit $status)"
exit "$status"
