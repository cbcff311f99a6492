#!/usr/bin/env python3
"""Write the expected text of legacy code page files with Python's own codec (cp1251 by
default, --codec=cp866 for the CP866 files)
(run once; the output is committed). One line per field: record number, tag, and the
field's bytes decoded by bytes.decode("cp1251") with the subfield delimiter shown as '$'.
The ISO 2709 directory is read directly from the bytes (declared lengths)."""
import sys

codec = "cp1251"
args = sys.argv[1:]
if args and args[0].startswith("--codec="):
    codec = args.pop(0).split("=", 1)[1]
for path in args:
    data = open(path, "rb").read()
    out = []
    for n, rec in enumerate(r for r in data.split(b"\x1d") if len(r) > 24):
        base = int(rec[12:17])
        directory = rec[24 : base - 1]
        for i in range(0, len(directory), 12):
            e = directory[i : i + 12]
            tag, ln, st = e[:3].decode("ascii"), int(e[3:7]), int(e[7:12])
            field = rec[base + st : base + st + ln].rstrip(b"\x1e")
            text = field.decode(codec).replace("\x1f", "$")
            out.append("%d\t%s\t%s" % (n + 1, tag, text))
    with open(path + "." + codec + ".txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
