#!/usr/bin/env python3
"""Generates messages/uz-Cyrl/*.ftl from messages/uz-Latn/*.ftl by Uzbek Latin -> Cyrillic
transliteration of the message text (ids, attributes, placeables, variant keys, acronyms and
$-subfield references are kept). Run from crates/yozuv-batch; review the output by hand.
"""
import pathlib
import re

KEEP = {"ISBN", "ISBN-13", "ISSN", "UNIMARC", "MARC", "UTF-8", "NFC", "ASCII", "Unicode", "ISO"}
SPECIAL = {"UOʻK": "УЎК", "KBK": "КБК", "YYYYOOKK": "ЙЙЙЙООКК"}
A = "ʻ"  # U+02BB
T = "ʼ"  # U+02BC
PAIRS = [
    ("yoʻ", "йў"), ("Yoʻ", "Йў"), ("oʻ", "ў"), ("Oʻ", "Ў"), ("gʻ", "ғ"), ("Gʻ", "Ғ"),
    ("sh", "ш"), ("Sh", "Ш"), ("ch", "ч"), ("Ch", "Ч"), ("yo", "ё"), ("Yo", "Ё"),
    ("yu", "ю"), ("Yu", "Ю"), ("ya", "я"), ("Ya", "Я"), ("ye", "е"), ("Ye", "Е"),
]
SINGLE = dict(zip("abdefghijklmnopqrstuvxyzABDEFGHIJKLMNOPQRSTUVXYZ" + T,
                  "абдефгҳижклмнопқрстувхйзАБДЕФГҲИЖКЛМНОПҚРСТУВХЙЗъ"))


def word(w):
    if w in SPECIAL:
        return SPECIAL[w]
    if w in KEEP or re.fullmatch(r"[A-Z0-9\-]+", w) and len(w) > 1:
        return w
    out, i = [], 0
    while i < len(w):
        for lat, cyr in PAIRS:
            if w.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            c = w[i]
            if c in "eE" and (i == 0 or not w[i - 1].isalpha()):
                out.append("э" if c == "e" else "Э")
            else:
                out.append(SINGLE.get(c, c))
            i += 1
    return "".join(out)


def text(s):
    # Keep placeables { … }, variant keys [ … ], $a-style references.
    parts = re.split(r"(\{\s*\$[a-z]+\s*->|\{[^}]*\}|\[[^\]]*\]|\$[a-z]\b|\*)", s)
    out = []
    for p in parts:
        if not p or p.startswith(("{", "[", "$", "*")):
            out.append(p)
        else:
            out.append(re.sub(r"[A-Za-z" + A + T + r"][A-Za-z0-9" + A + T + r"\-]*", lambda m: word(m.group(0)), p))
    return "".join(out)


def line(l):
    if l.startswith("#") or not l.strip():
        return l
    m = re.match(r"^(\s*\.?[a-z0-9\-]+ = )(.*)$", l)
    if m:
        return m.group(1) + text(m.group(2))
    m = re.match(r"^(\s*\*?\[[a-z\-]+\] )(.*)$", l)
    if m:
        return m.group(1) + text(m.group(2))
    return text(l)


src = pathlib.Path("messages/uz-Latn")
dst = pathlib.Path("messages/uz-Cyrl")
dst.mkdir(exist_ok=True)
for f in sorted(src.glob("*.ftl")):
    lines = f.read_text(encoding="utf-8").split("\n")
    out = [line(l) for l in lines]
    if out and out[0].startswith("#"):
        out[0] = "# yozuv-batch хабарлари, ўзбек тили (кирилл ёзуви). tools/uz-latn-to-cyrl.py билан uz-Latn дан ҳосил қилинган."
    (dst / f.name).write_text("\n".join(out), encoding="utf-8")
