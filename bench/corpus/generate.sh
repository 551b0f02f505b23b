#!/usr/bin/env bash
# Generates the spoken ASR test corpus (not committed) from the server's English intent templates:
#   bench/corpus/generate.sh [OUT_DIR] [CorpusGenerator options...]
# Default OUT_DIR: bench/target/asr-corpus. See bench/corpus/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/bench/target/asr-corpus}"; [[ $# -gt 0 ]] && shift
command -v flite >/dev/null || { echo "flite not found: apt-get install -y flite" >&2; exit 1; }
if [[ ! -f "$ROOT/bench/target/cic-bench.jar" ]] || [[ -n "$(find "$ROOT/server/src" "$ROOT/bench/src" -newer "$ROOT/bench/target/cic-bench.jar" -type f -print -quit)" ]]; then
  (cd "$ROOT" && ./mvnw -q -B -pl bench -am package -DskipTests) >&2
fi
OUT="$(realpath -m "$OUT")"
cd "$ROOT"   # the held-out files are read from the source tree
exec java -cp "$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*" \
  dev.opencic.bench.asr.CorpusGenerator --out "$OUT" "$@"
