#!/usr/bin/env python3
"""Chooses the utterances (and their transcripts) one MLLR transform adapts on, from a decode of a
device's pool (issue 24: adapting a device from its own confirmed utterances). DEV sets only.

    select.py RESULTS.tsv RULE DICT OUTDIR [--take N] [--seed S]

RESULTS.tsv  AsrCorpusBenchmark --results of the pool, with GateVerdicts' verdict column
RULE         ref        every pool utterance, transcript = reference text (supervised)
             ref-every:K every K-th pool utterance, reference text (supervised, few)
             acted      the server acts on it (verdict ACT), transcript = the recogniser's text
             acted-conf:X  ACT and asr_confidence >= X
             confirmed  ACT, or ASK and the understood intent and slots right (the user says yes)
             all        every non-empty recognised text
DICT         the pronunciation dictionary (utterances with a word it lacks are dropped, counted)
--take N     then keep N of them, chosen at random with --seed (default 1)
Writes OUTDIR/adapt.fileids (file names without .wav: sphinx_fe's -di is the pool's condition
directory), adapt.transcription, adapt.dict; prints one line of counts:
  utterances, of them word-for-word right (the hypothesis equals the reference: label noise), dropped.
"""
import argparse, csv, os, random, sys

ap = argparse.ArgumentParser()
ap.add_argument('results'); ap.add_argument('rule'); ap.add_argument('dict')
ap.add_argument('outdir'); ap.add_argument('--take', type=int); ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()

res = list(csv.DictReader(open(a.results, newline='', encoding='utf-8'), delimiter='\t'))
rule, _, arg = a.rule.partition(':')
picked = []
for i, r in enumerate(res):
    hyp = r['hyp'].strip()
    if rule == 'ref':
        ok = True
    elif rule == 'ref-every':
        ok = i % int(arg) == 0
    elif rule == 'acted':
        ok = r['verdict'] == 'ACT'
    elif rule == 'acted-conf':
        ok = r['verdict'] == 'ACT' and float(r['asr_confidence']) >= float(arg)
    elif rule == 'confirmed':
        ok = r['verdict'] == 'ACT' or (r['verdict'] == 'ASK' and r['slots_ok'] == 'true')
    elif rule == 'all':
        ok = bool(hyp)
    else:
        sys.exit('unknown rule ' + a.rule)
    if ok:
        picked.append((r, r['text'].lower() if rule.startswith('ref') else hyp.lower()))
if a.take is not None and a.take < len(picked):
    picked = random.Random(a.seed).sample(picked, a.take)
known = {l.split()[0] for l in open(a.dict, encoding='utf-8')}
os.makedirs(a.outdir, exist_ok=True)
kept, dropped, exact = [], 0, 0
for r, text in picked:
    if not text or not all(w in known for w in text.split()):
        dropped += 1
        continue
    kept.append((r, text))
    exact += r['errors'] == '0' if not rule.startswith('ref') else 1
with open(os.path.join(a.outdir, 'adapt.fileids'), 'w') as f, open(os.path.join(a.outdir, 'adapt.transcription'), 'w') as t:
    for r, text in kept:
        fid = os.path.basename(r['file'])[:-4]
        f.write(fid + '\n')
        t.write('<s> %s </s> (%s)\n' % (text, fid))
words = {w for _, text in kept for w in text.split()}
with open(os.path.join(a.outdir, 'adapt.dict'), 'w') as o:
    for l in open(a.dict, encoding='utf-8'):
        if l.split()[0].split('(')[0] in words:
            o.write(l)
print(f'{a.rule}{"" if a.take is None else " take " + str(a.take)}: {len(kept)} utterances, '
      f'{exact} word-for-word right ({100.0 * exact / max(1, len(kept)):.0f} %), {dropped} dropped (unknown word)')
