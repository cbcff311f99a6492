#!/usr/bin/env python3
"""Time the peers on the same corpus as benches/marc8.rs (issue 5): read every record
of FILE and decode MARC-8 to Unicode.

usage: python3 benches/marc8_peers.py mrrc|pymarc FILE
(pip install mrrc pymarc; FILE from ../shared/bench/make-corpus marc8 50 FILE)
"""
import sys
import time

which, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
n = 0
if which == "mrrc":
    import mrrc

    for r in mrrc.MARCReader(path):
        if r is not None:
            n += 1
else:
    import pymarc

    with open(path, "rb") as f:
        for r in pymarc.MARCReader(f, to_unicode=True, permissive=True):
            if r is not None:
                n += 1
print(which, n, "records", round(time.perf_counter() - t, 2), "s")
