#!/usr/bin/env python3
"""Peer reader for benches/compare/run: pymarc, touching every field and subfield.

usage: peer_pymarc.py MODE FILE
  MODE  read   ISO 2709 UTF-8 (MARCReader, to_unicode=True, utf8_handling=strict)
        marc8  ISO 2709 MARC-8, decoded to Unicode (MARCReader to_unicode=True: pymarc
               applies its MARC-8 converter when leader/09 is blank)
        xml    MARCXML (map_xml)
        tomxml ISO 2709 -> MARCXML with XMLWriter (used to build the xml corpus; not timed)
Prints the same counts as the Rust peers so the run can compare them.
"""
import sys

import pymarc


class Counts:
    def __init__(self):
        self.records = self.fields = self.subfields = self.value_chars = self.errors = 0

    def touch(self, record):
        if record is None:
            self.errors += 1
            return
        self.records += 1
        for field in record.fields:
            self.fields += 1
            if field.is_control_field():
                self.value_chars += len(field.data)
            else:
                field.indicators  # noqa: B018 (touch the indicators)
                for sf in field.subfields:
                    self.subfields += 1
                    self.value_chars += len(sf.value)

    def print(self, name):
        print(
            f"{name}: records={self.records} fields={self.fields} "
            f"subfields={self.subfields} value_chars={self.value_chars} errors={self.errors}"
        )


def read_iso2709(path, name):
    c = Counts()
    with open(path, "rb") as fh:
        for record in pymarc.MARCReader(fh, to_unicode=True, permissive=True):
            c.touch(record)
    c.print(name)


def read_xml(path):
    c = Counts()
    pymarc.map_xml(c.touch, path)
    c.print("pymarc-xml")


def to_marcxml(src, dst):
    n = 0
    with open(src, "rb") as fh:
        writer = pymarc.XMLWriter(open(dst, "wb"))
        for record in pymarc.MARCReader(fh, to_unicode=True, permissive=True):
            if record is None:
                continue
            writer.write(record)
            n += 1
        writer.close()  # closes dst too
    print(f"tomxml: {n} records -> {dst}")


def main(argv):
    if len(argv) == 4 and argv[1] == "tomxml":
        to_marcxml(argv[2], argv[3])
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = argv[1], argv[2]
    if mode == "read":
        read_iso2709(path, "pymarc")
    elif mode == "marc8":
        read_iso2709(path, "pymarc-marc8")
    elif mode == "xml":
        read_xml(path)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
