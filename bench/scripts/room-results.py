#!/usr/bin/env python3
"""Per-condition figures from AsrCorpusBenchmark --results files (whole or partial runs), aggregates only.

    bench/scripts/room-results.py RESULTS.tsv [RESULTS.tsv ...]

For the room sets of issue 24 the voice column is the condition (RoomCorpusGenerator). Prints, per
condition: files, intent accuracy, full-slot accuracy (all slots exactly right), word error rate,
the text path's intent accuracy on the clean sentence (the ceiling), files whose endpoint fired, and
the CPU-time real-time factor (median). It never prints an utterance or a hypothesis, so it may be
run on the frozen evaluation set; a run stopped early (rows are written as files finish) gives the
figures of the files decoded so far, a sample whose size is printed.
"""
import csv
import statistics
import sys
from collections import OrderedDict


def main(paths):
    by = OrderedDict()
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row.get("cpu_rtf") is None:
                    continue  # a row cut off while being written
                by.setdefault(row["voice"], []).append(row)
    print("| condition | files | intent % | full-slot % | WER % | text-path intent % | endpoint fired | CPU-time RTF p50 |")
    print("|---|---|---|---|---|---|---|---|")
    for cond, rows in list(by.items()) + [("all", [r for rs in by.values() for r in rs])]:
        n = len(rows)
        pct = lambda col: 100.0 * sum(r[col] == "true" for r in rows) / n
        ref = sum(int(r["ref_words"]) for r in rows)
        wer = 100.0 * sum(int(r["errors"]) for r in rows) / ref if ref else float("nan")
        rtf = statistics.median(float(r["cpu_rtf"]) for r in rows)
        fired = sum(r["endpoint_fired"] == "true" for r in rows)
        print(f"| {cond} | {n} | {pct('intent_ok'):.1f} | {pct('slots_ok'):.1f} | {wer:.1f} | "
              f"{pct('text_path_intent_ok'):.1f} | {fired}/{n} | {rtf:.3f} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
