#!/usr/bin/env python3
"""Per-device heap by class from `jmap -histo:live` files.

usage: histo-diff.py N CIC_BEFORE CIC_AFTER BARE_BEFORE BARE_AFTER [TOP]

Prints, for the classes whose live bytes grew the most per device on CIC beyond what they grew on
the bare baseline: bytes/device and instances/device for CIC and bare, and the difference.
"""
import re
import sys


def load(path):
    rows = {}
    for line in open(path):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            inst, size, name = int(m.group(1)), int(m.group(2)), m.group(3)
            i, s = rows.get(name, (0, 0))
            rows[name] = (i + inst, s + size)
    return rows


def growth(before, after):
    names = set(before) | set(after)
    return {n: (after.get(n, (0, 0))[0] - before.get(n, (0, 0))[0],
                after.get(n, (0, 0))[1] - before.get(n, (0, 0))[1]) for n in names}


def main():
    n = int(sys.argv[1])
    cic = growth(load(sys.argv[2]), load(sys.argv[3]))
    bare = growth(load(sys.argv[4]), load(sys.argv[5]))
    top = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    names = set(cic) | set(bare)
    rows = []
    for name in names:
        ci, cb = cic.get(name, (0, 0))
        bi, bb = bare.get(name, (0, 0))
        rows.append((cb - bb, name, ci, cb, bi, bb))
    rows.sort(reverse=True)
    print(f"{'extra B/dev':>11} {'cic B/dev':>10} {'cic inst/dev':>12} {'bare B/dev':>10} {'bare inst/dev':>13}  class")
    for d, name, ci, cb, bi, bb in rows[:top]:
        print(f"{d / n:11.1f} {cb / n:10.1f} {ci / n:12.2f} {bb / n:10.1f} {bi / n:13.2f}  {name}")
    tc = sum(v[1] for v in cic.values()) / n
    tb = sum(v[1] for v in bare.values()) / n
    print(f"{'total':>11} {tc:10.1f} {'':12} {tb:10.1f}")


if __name__ == "__main__":
    main()
