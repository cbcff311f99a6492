#!/usr/bin/env python3
"""Build the MARCXML benchmark input: the `make-corpus marc21 SIZE` corpus converted to
MARCXML by pymarc's XMLWriter, so that the input is not written by yozuv.

usage: python3 benches/marcxml_corpus.py OUT.xml [SIZE_MB=20]
       (needs ../shared/bench/make-corpus and `pip install pymarc`)
then:  YOZUV_BENCH_MARCXML=OUT.xml cargo bench -p yozuv --bench marcxml
or:    /usr/bin/time -v target/release/examples/count_records OUT.xml
"""
import os
import subprocess
import sys
import tempfile

import pymarc

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_CORPUS = os.path.join(HERE, "..", "..", "shared", "bench", "make-corpus")


def main() -> None:
    out = sys.argv[1]
    size = sys.argv[2] if len(sys.argv) > 2 else "20"
    with tempfile.TemporaryDirectory() as tmp:
        mrc = os.path.join(tmp, "corpus.mrc")
        subprocess.run([sys.executable, MAKE_CORPUS, "marc21", size, mrc], check=True)
        with open(mrc, "rb") as f, open(out, "wb") as xml:
            writer = pymarc.XMLWriter(xml)
            reader = pymarc.MARCReader(f, to_unicode=True, force_utf8=True, utf8_handling="replace")
            for record in reader:
                if record is not None:
                    writer.write(record)
            writer.close(close_fh=False)


if __name__ == "__main__":
    main()
