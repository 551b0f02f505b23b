#!/usr/bin/env python3
"""PocketSphinx sendump (8-bit quantised -log mixture weights) -> sphinxtrain mixture_weights (s3 float32)."""
import struct, sys
import numpy as np
d = open(sys.argv[1], 'rb').read()
p = 0
def i32():
    global p
    v = struct.unpack_from('<i', d, p)[0]; p += 4; return v
n = i32(); title = d[p:p+n]; p += n
n = i32(); p += n
hdr = {}
while True:
    n = i32()
    if n == 0: break
    s = d[p:p+n].rstrip(b'\0').decode(); p += n
    k, _, v = s.partition(' '); hdr[k] = v

n_feat = int(hdr.get('feature_count', 1)); n_den = int(hdr.get('mixture_count', 0)); n_sen = int(hdr.get('model_count', 0))
n_clust = int(hdr.get('cluster_count', 0)); bits = int(hdr.get('cluster_bits', 8))
r, c = n_den, n_sen
if n_clust == 0:
    r = i32(); c = i32(); n_den, n_sen = r, c
cb = None
if n_clust:
    if n_clust == 15: n_clust = 16
    cb = np.frombuffer(d, np.uint8, n_clust, p); p += n_clust
q = np.zeros((n_feat, n_den, n_sen), np.float64)
for f in range(n_feat):
    for i in range(r):
        if bits == 4:
            step = (c + 1) // 2
            raw = np.frombuffer(d, np.uint8, step, p); p += step
            vals = np.empty(step * 2, np.uint8); vals[0::2] = raw & 0x0f; vals[1::2] = raw >> 4
            vals = cb[vals[:c]]
        else:
            vals = np.frombuffer(d, np.uint8, c, p); p += c
            if cb is not None: vals = cb[vals]
        q[f, i, :] = vals
assert p == len(d), (p, len(d))
logbase = np.log(1.0001)
w = np.exp(-q * 1024 * logbase)            # p = 1.0001 ** -(q << 10)
w = w.transpose(2, 0, 1)                    # -> [sen][feat][density]
w = w / w.sum(axis=2, keepdims=True)
with open(sys.argv[2], 'wb') as o:
    o.write(b"s3\nversion 1.0\nendhdr\n")
    o.write(struct.pack('<I', 0x11223344))
    o.write(struct.pack('<4i', n_sen, n_feat, n_den, n_sen * n_feat * n_den))
    o.write(w.astype('<f4').tobytes())
print("wrote", n_sen, n_feat, n_den, file=sys.stderr)
