#!/usr/bin/env python3
"""Generate the peer-made expected MARC-in-JSON for the `convert --to json` comparison.

For every ISO 2709 file in ../shared/testdata/marc21/utf8, pymarc reads it and writes
`record.as_dict()` for each record, one JSON value per line (`null` for a record pymarc
refused), into testdata/serial/pymarc/<file>.jsonl. Run once; the outputs are committed.

pymarc settings, and why:
- MARCReader(to_unicode=True, force_utf8=True, permissive=True, utf8_handling="strict"):
  the folder holds UTF-8 data, but some files say MARC-8 in leader/09 (blank) while their
  bytes are UTF-8 (see ../shared/testdata/marc21/PROVENANCE.md). Without force_utf8,
  pymarc would decode those as MARC-8 and produce mojibake; with it, pymarc decodes all
  as UTF-8. as_dict() keeps the leader as read (leader/09 is not rewritten).
- permissive=True: a record pymarc cannot parse is yielded as None -> `null` here.

usage: python3 testdata/serial/gen_pymarc_expected.py   (from the repository root)
"""
import importlib.metadata
import json
import os
import sys

import pymarc

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "..", "shared", "testdata", "marc21", "utf8")
OUT = os.path.join(HERE, "pymarc")
EXTENSIONS = (".mrc", ".marc", ".dat")


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    names = sorted(n for n in os.listdir(SRC) if n.endswith(EXTENSIONS))
    for name in names:
        with open(os.path.join(SRC, name), "rb") as f:
            reader = pymarc.MARCReader(
                f, to_unicode=True, force_utf8=True, permissive=True, utf8_handling="strict"
            )
            lines = []
            for record in reader:
                lines.append(json.dumps(record.as_dict() if record is not None else None, ensure_ascii=False))
        with open(os.path.join(OUT, name + ".jsonl"), "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        print(f"{name}: {len(lines)} records", file=sys.stderr)
    with open(os.path.join(OUT, "VERSION"), "w") as v:
        v.write(f"pymarc {importlib.metadata.version('pymarc')}\n")


if __name__ == "__main__":
    main()
