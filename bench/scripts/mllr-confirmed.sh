#!/usr/bin/env bash
# Can a device adapt (MLLR) from its OWN utterances, transcribed by the recogniser itself? (issue 24)
# One "device" = one flite voice in one room condition. Its adaptation POOL is the dev phrasings spoken
# by that voice (RoomCorpusGenerator --voices VOICE) minus the phrasings that are its TEST files in the
# dev corpus (each dev phrasing is spoken by one voice). The pool is decoded with today's engine,
# GateVerdicts marks what the server would act on, bench/scripts/mllr/select.py picks utterances and
# transcripts per variant, bw + mllr_solve (as mllr-adapt.sh) make one global transform from the base
# model, and the voice's test files are decoded with it (--ps -mllr=...). DEV sets only: reads references.
#
#   bench/scripts/mllr-confirmed.sh VOICE POOL_CORPUS.tsv TEST_CORPUS.tsv OUT [VARIANT ...]
#     POOL_CORPUS  corpus.tsv of RoomCorpusGenerator --phrasings bench/corpus/rooms/dev-phrasings.tsv
#                  --voices VOICE --conditions COND (one condition)
#     TEST_CORPUS  the dev corpus of that condition, all voices (e.g. /tmp/asr3/dev/all-COND.tsv)
#     OUT          work directory (resumable: a step whose output exists is skipped; list every variant
#                  again on a re-run, OUT/adapt-counts.tsv is rewritten with the ones given)
#     VARIANT      NAME=RULE[@N]: select.py's RULE (ref, ref-every:K, acted, acted-conf:X, confirmed, all),
#                  @N = N of them at random (seed 1); RULE may be round2:OTHER:RULE2 = decode the pool
#                  with variant OTHER's transform, select RULE2 from that, adapt again from the base model.
#                  Default: sup9=ref-every:9 sup=ref acted=acted all=all acted2=round2:acted:acted
#   BASELINE=RESULTS.tsv  take the unadapted test figures from an earlier AsrCorpusBenchmark --results of
#                  TEST_CORPUS (same engine) instead of decoding the test files unadapted.
#   CP=...         class path (default bench/target/cic-bench.jar:bench/target/lib/*)
# Prints per variant: utterances adapted on, of them word-for-word right, and the test figures;
# OUT/summary.tsv has the same (bench/scripts/mllr/summary.py OUT... sums several voices).
# Every step runs under nice -n 19, decodes with one thread.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VOICE="$1"; POOL_CORPUS="$(realpath "$2")"; TEST_CORPUS="$(realpath "$3")"; OUT="$4"; shift 4
VARIANTS=("$@"); [[ ${#VARIANTS[@]} -gt 0 ]] || VARIANTS=(sup9=ref-every:9 sup=ref acted=acted all=all acted2=round2:acted:acted)
MODEL="${MODEL:-/usr/share/pocketsphinx/model/en-us}"
ST=/usr/lib/sphinxtrain
CP="${CP:-$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*}"
mkdir -p "$OUT"; cd "$OUT"

bench() { nice -n 19 java -cp "$CP" "$@"; }
rows() { [[ -f "$1" ]] && echo $(( $(wc -l < "$1") - 1 )) || echo -1; }

# The pool (minus the voice's test phrasings) and the test files, absolute paths.
python3 - "$POOL_CORPUS" "$TEST_CORPUS" "$VOICE" <<'PY'
import csv, os, sys
pool_c, test_c, voice = sys.argv[1:4]
def read(p):
    rows = list(csv.DictReader(open(p, newline='', encoding='utf-8'), delimiter='\t'))
    for r in rows:
        r['file'] = os.path.join(os.path.dirname(p), r['file'])
    return rows
pool, test = read(pool_c), [r for r in read(test_c) if f'-{voice}-' in os.path.basename(r['file'])]
texts = {r['text'] for r in test}
pool = [r for r in pool if r['text'] not in texts]
conds = {r['voice'] for r in pool}
assert len(conds) == 1, 'the pool must hold one condition'
for name, rs in (('pool.tsv', pool), ('test.tsv', test)):
    with open(name, 'w') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n'); w.writerow(rs[0].keys())
        for r in rs: w.writerow(r.values())
open('pool.dir', 'w').write(os.path.dirname(pool[0]['file']))
print(f'{voice}: {len(pool)} pool utterances, {len(test)} test files', file=sys.stderr)
PY
POOL_DIR="$(cat pool.dir)"
NPOOL=$(rows pool.tsv); NTEST=$(rows test.tsv)

# The model in the form bw wants (once), the pool's features (once).
[[ -f mdef.txt ]] || python3 "$ROOT/bench/scripts/mllr/mdef-to-text.py" "$MODEL/en-us/mdef" > mdef.txt
[[ -f mixture_weights ]] || python3 "$ROOT/bench/scripts/mllr/sendump-to-mixw.py" "$MODEL/en-us/sendump" mixture_weights
cp "$MODEL/en-us/noisedict" .
if [[ ! -f mfc.done ]]; then
  tail -n +2 pool.tsv | cut -f1 | xargs -n1 basename | sed 's/\.wav$//' > pool.fileids
  mkdir -p mfc
  nice -n 19 sphinx_fe -argfile "$MODEL/en-us/feat.params" -samprate 16000 -c pool.fileids -di "$POOL_DIR" \
      -do mfc -ei wav -eo mfc -mswav yes -remove_silence no -remove_noise yes > fe.log 2>&1
  touch mfc.done
fi

# decode CORPUS RESULTS [MLLR]: AsrCorpusBenchmark, skipped when RESULTS has every row.
decode() {
  local corpus="$1" results="$2" mllr="${3:-}" extra=()
  [[ $(rows "$results") -eq $(rows "$corpus") ]] && return 0
  [[ -n "$mllr" ]] && extra=(--ps "-mllr=$mllr")
  bench dev.opencic.bench.asr.AsrCorpusBenchmark --corpus "$corpus" --threads 1 --results "$results" \
      "${extra[@]}" > "${results%.tsv}.log" 2>&1
}
# verdicts RESULTS: the server's gate on each pool text.
verdicts() {
  local v="${1%.tsv}-verdicts.tsv"
  [[ -f "$v" ]] || bench dev.opencic.bench.asr.GateVerdicts --results "$1" --out "$v" > /dev/null
  echo "$v"
}
# adapt DIR: bw + mllr_solve on DIR/adapt.* -> DIR/mllr_matrix
adapt() {
  local d="$1"
  [[ -f "$d/mllr_matrix" ]] && return 0
  nice -n 19 "$ST/bw" -hmmdir "$MODEL/en-us" -moddeffn mdef.txt -mixwfn mixture_weights -ts2cbfn .ptm. \
      -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 -cmn batch -agc none -dictfn "$d/adapt.dict" -fdictfn noisedict \
      -ctlfn "$d/adapt.fileids" -lsnfn "$d/adapt.transcription" -cepdir mfc -accumdir "$d" > "$d/bw.log" 2>&1
  nice -n 19 "$ST/mllr_solve" -meanfn "$MODEL/en-us/means" -varfn "$MODEL/en-us/variances" \
      -outmllrfn "$d/mllr_matrix" -accumdir "$d" > "$d/mllr.log" 2>&1
}

decode pool.tsv pool-base.tsv
if [[ -n "${BASELINE:-}" ]]; then
  python3 - "$BASELINE" <<'PY'
import csv, os, sys
test = {os.path.basename(r['file']) for r in csv.DictReader(open('test.tsv'), delimiter='\t')}
with open(sys.argv[1], newline='', encoding='utf-8') as f, open('test-unadapted.tsv', 'w') as o:
    lines = f.read().splitlines()
    o.write(lines[0] + '\n')
    o.writelines(l + '\n' for l in lines[1:] if l.split('\t')[0] in test)
PY
else
  decode test.tsv test-unadapted.tsv
fi
printf 'variant\tadapted_on\tword_for_word_right\tdropped\n' > adapt-counts.tsv
printf 'unadapted\t0\t0\t0\n' >> adapt-counts.tsv

for spec in "${VARIANTS[@]}"; do
  name="${spec%%=*}"; rule="${spec#*=}"; take=()
  if [[ "$rule" == *@* ]]; then take=(--take "${rule##*@}"); rule="${rule%@*}"; fi
  from=pool-base.tsv
  if [[ "$rule" == round2:* ]]; then
    other="$(cut -d: -f2 <<< "$rule")"; rule="$(cut -d: -f3- <<< "$rule")"
    decode pool.tsv "pool-$other.tsv" "$OUT/$other/mllr_matrix"
    from="pool-$other.tsv"
  fi
  mkdir -p "$name"
  line="$(python3 "$ROOT/bench/scripts/mllr/select.py" "$(verdicts "$from")" "$rule" "$MODEL/cmudict-en-us.dict" \
      "$name" "${take[@]}")"
  echo "== $name: $line"
  n=$(wc -l < "$name/adapt.fileids")
  read -r exact dropped < <(sed -E 's/.* ([0-9]+) word-for-word right .* ([0-9]+) dropped.*/\1 \2/' <<< "$line")
  printf '%s\t%s\t%s\t%s\n' "$name" "$n" "$exact" "$dropped" >> adapt-counts.tsv
  if [[ $n -eq 0 ]]; then echo "   nothing to adapt on"; continue; fi
  adapt "$name"
  decode test.tsv "test-$name.tsv" "$OUT/$name/mllr_matrix"
done
python3 "$ROOT/bench/scripts/mllr/summary.py" "$OUT" | tee summary.txt
