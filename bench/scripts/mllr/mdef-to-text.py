#!/usr/bin/env python3
"""Binary PocketSphinx mdef -> text mdef (as pocketsphinx's bin_mdef_write_text), for sphinxtrain's bw."""
import struct, sys
d = open(sys.argv[1], 'rb').read()
magic, ver, hlen = struct.unpack_from('<iii', d, 0)
pos = 12 + hlen
(n_ci, n_phone, n_emit, n_ci_sen, n_sen, n_tmat, n_sseq, n_ctx, n_cd_tree, sil) = struct.unpack_from('<10i', d, pos)
pos += 40
names = []
p = pos
for _ in range(n_ci):
    e = d.index(b'\0', p); names.append(d[p:e].decode()); p = e + 1
p = pos + ((p - pos + 3) & ~3)
p += n_cd_tree * 8
phones = []
for i in range(n_phone):
    ssid, tmat = struct.unpack_from('<ii', d, p); info = d[p+8:p+12]; p += 12
    phones.append((ssid, tmat, info))
(sseq_size,) = struct.unpack_from('<i', d, p); p += 4
assert n_emit > 0
sseq = struct.unpack_from('<%dH' % sseq_size, d, p)
W = "ibesu"
out = sys.stdout
out.write("0.3\n%d n_base\n%d n_tri\n%d n_state_map\n%d n_tied_state\n%d n_tied_ci_state\n%d n_tied_tmat\n" % (
    n_ci, n_phone - n_ci, n_phone * (n_emit + 1), n_sen, n_ci_sen, n_tmat))
out.write("#\n# Columns definitions\n#base lft  rt p attrib tmat      ... state id's ...\n")
def filler(pi):
    if pi < n_ci: return phones[pi][2][0] != 0
    return phones[phones[pi][2][1]][2][0] != 0
for pi, (ssid, tmat, info) in enumerate(phones):
    if pi < n_ci:
        cols = "%5s %3s %3s %1s" % (names[pi], '-', '-', '-')
    else:
        cols = "%5s %3s %3s %c" % (names[info[1]], names[info[2]], names[info[3]], W[info[0]])
    sts = " ".join("%6u" % sseq[ssid * n_emit + j] for j in range(n_emit))
    out.write("%s %6s %4d %s N\n" % (cols, "filler" if filler(pi) else "n/a", tmat, sts))
