#!/usr/bin/env bash
# Per-device acoustic adaptation (MLLR) as research for issue 24: adapt the en-us model to one
# "device" (one flite voice in one room condition) on a few of its utterances with their reference
# text, then decode that voice's OTHER utterances with and without the transform.
#
#   bench/scripts/mllr-adapt.sh CORPUS.tsv CONDITION VOICE [EVERY] [OUT]
#     CORPUS.tsv  a RoomCorpusGenerator corpus.tsv (DEV set only: this reads reference text)
#     CONDITION   its condition (the voice column), e.g. reverb-medium+pink-20
#     VOICE       a flite voice (rms, slt, awb, kal16)
#     EVERY       every EVERY-th of that voice's files adapts (default 3: a third), the rest are decoded
#     OUT         work directory (default /tmp/mllr-VOICE-CONDITION)
# Needs Debian's sphinxtrain and sphinxbase-utils (sphinx_fe, bw, mllr_solve), python3 with numpy, and
# the bench jar (./mvnw -pl bench -am -DskipTests package). The pocketsphinx-en-us model ships a binary
# mdef and a quantised sendump; bw wants text and float mixture weights, so mllr/*.py convert them once.
# Every step runs under nice -n 19 with one decoding thread.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORPUS="$(realpath "$1")"; COND="$2"; VOICE="$3"; EVERY="${4:-3}"; OUT="${5:-/tmp/mllr-$VOICE-$COND}"
MODEL="${MODEL:-/usr/share/pocketsphinx/model/en-us}"
ST=/usr/lib/sphinxtrain
mkdir -p "$OUT"; cd "$OUT"
ln -sfn "$(dirname "$CORPUS")/$COND" "$COND"

[[ -f mdef.txt ]] || python3 "$ROOT/bench/scripts/mllr/mdef-to-text.py" "$MODEL/en-us/mdef" > mdef.txt
[[ -f mixture_weights ]] || python3 "$ROOT/bench/scripts/mllr/sendump-to-mixw.py" "$MODEL/en-us/sendump" mixture_weights

python3 - "$CORPUS" "$COND" "$VOICE" "$EVERY" "$MODEL/cmudict-en-us.dict" <<'PY'
import csv, sys
corpus, cond, voice, every, dictfile = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
rows = list(csv.DictReader(open(corpus), delimiter='\t'))
mine = [r for r in rows if r['voice'] == cond and f'-{voice}-' in r['file']]
known = {l.split()[0] for l in open(dictfile)}
adapt = [r for i, r in enumerate(mine) if i % every == 0 and all(w in known for w in r['text'].lower().split())]
test = [r for r in mine if r not in adapt]
with open('adapt.fileids', 'w') as f, open('adapt.transcription', 'w') as t:
    for r in adapt:
        fid = r['file'][:-4]
        f.write(fid + '\n'); t.write('<s> %s </s> (%s)\n' % (r['text'].lower(), fid.split('/')[-1]))
words = {w for r in adapt for w in r['text'].lower().split()}
with open('adapt.dict', 'w') as o:
    for l in open(dictfile):
        if l.split()[0].split('(')[0] in words: o.write(l)
with open('test.tsv', 'w') as f:
    w = csv.writer(f, delimiter='\t', lineterminator='\n'); w.writerow(rows[0].keys())
    for r in test: w.writerow(r.values())
print(f'{len(adapt)} utterances adapt, {len(test)} decoded', file=sys.stderr)
PY
cp "$MODEL/en-us/noisedict" .
mkdir -p "mfc/$COND"
nice -n 19 sphinx_fe -argfile "$MODEL/en-us/feat.params" -samprate 16000 -c adapt.fileids -di . -do mfc \
    -ei wav -eo mfc -mswav yes -remove_silence no -remove_noise yes > fe.log 2>&1
nice -n 19 "$ST/bw" -hmmdir "$MODEL/en-us" -moddeffn mdef.txt -mixwfn mixture_weights -ts2cbfn .ptm. \
    -feat 1s_c_d_dd -svspec 0-12/13-25/26-38 -cmn batch -agc none -dictfn adapt.dict -fdictfn noisedict \
    -ctlfn adapt.fileids -lsnfn adapt.transcription -cepdir mfc -accumdir . > bw.log 2>&1
nice -n 19 "$ST/mllr_solve" -meanfn "$MODEL/en-us/means" -varfn "$MODEL/en-us/variances" \
    -outmllrfn mllr_matrix -accumdir . > mllr.log 2>&1

CP="$ROOT/bench/target/cic-bench.jar:$ROOT/bench/target/lib/*"
for run in unadapted adapted; do
  extra=(); [[ $run == adapted ]] && extra=(--ps "-mllr=$OUT/mllr_matrix")
  nice -n 19 java -cp "$CP" dev.opencic.bench.asr.AsrCorpusBenchmark --corpus test.tsv --threads 1 \
      --results "$run.tsv" "${extra[@]}" > "$run.log" 2>&1
  echo "== $run"; python3 "$ROOT/bench/scripts/room-results.py" "$run.tsv" | tail -2 | head -1
done
