#!/usr/bin/env python3
"""Figures of bench/scripts/mllr-confirmed.sh runs, per variant, summed over the voices (OUT dirs) given.

    summary.py OUT [OUT ...]

Per variant: utterances adapted on (summed), of them word-for-word right (label noise), and on the
voices' test files: files, intent, full-slot, WER, CPU RTF p50. A variant missing in one OUT (or
with fewer test rows than the unadapted one) is marked partial. Aggregates only.
"""
import csv, os, statistics, sys
from collections import OrderedDict

outs = sys.argv[1:]
if not outs:
    sys.exit(__doc__)
agg = OrderedDict()
for out in outs:
    counts = list(csv.DictReader(open(os.path.join(out, 'adapt-counts.tsv')), delimiter='\t'))
    seen = set()
    for c in counts:
        name = c['variant']
        if name in seen:
            continue  # a re-run appended it again
        seen.add(name)
        a = agg.setdefault(name, {'n': 0, 'exact': 0, 'rows': [], 'voices': 0})
        a['n'] += int(c['adapted_on']); a['exact'] += int(c['word_for_word_right']); a['voices'] += 1
        p = os.path.join(out, f'test-{name}.tsv')
        if os.path.exists(p):
            a['rows'] += [r for r in csv.DictReader(open(p, newline='', encoding='utf-8'), delimiter='\t')
                          if r.get('cpu_rtf') is not None]
base_n = len(agg.get('unadapted', {}).get('rows', []))
print(f'voices: {", ".join(os.path.basename(o.rstrip("/")) for o in outs)}')
print('| variant | adapted on | their hyps word-for-word right | test files | intent | full-slot | WER % | CPU RTF p50 |')
print('|---|---|---|---|---|---|---|---|')
for name, a in agg.items():
    rs = a['rows']
    n = len(rs)
    if n == 0:
        print(f'| {name} | {a["n"]} | - | 0 | - | - | - | - |')
        continue
    intent = sum(r['intent_ok'] == 'true' for r in rs)
    slots = sum(r['slots_ok'] == 'true' for r in rs)
    ref = sum(int(r['ref_words']) for r in rs)
    wer = 100.0 * sum(int(r['errors']) for r in rs) / ref
    rtf = statistics.median(float(r['cpu_rtf']) for r in rs)
    right = '-' if name == 'unadapted' else f'{a["exact"]} ({100.0 * a["exact"] / max(1, a["n"]):.0f} %)'
    partial = '' if n == base_n and a['voices'] == len(outs) else ' (partial)'
    print(f'| {name}{partial} | {a["n"]} | {right} | {n} | {intent} ({100.0 * intent / n:.1f} %) | '
          f'{slots} ({100.0 * slots / n:.1f} %) | {wer:.1f} | {rtf:.2f} |')
