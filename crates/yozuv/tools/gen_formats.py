#!/usr/bin/env python3
"""Generate yozuv's compiled-in format definitions (crates/yozuv/data/formats/).

Re-run after a format update:

    python3 crates/yozuv/tools/gen_formats.py [--shared ../shared]

Inputs (see ../shared/formats/marc21/README.md and PROVENANCE.md, and
../shared/testdata/unimarc/PROVENANCE.md for licences):

* MARC 21 variable fields (tags, indicators, subfields, R/NR, obsolete): the LoC
  concise list (`loc-ecbdlist-bibliographic.parsed.json`, public-domain LoC
  content), which the README names as the source of truth for variable fields.
* MARC 21 fixed positions (Leader, 006, 007, 008): the "Character Positions"
  blocks of the same LoC concise list (loc-ecbdlist-bibliographic.html, newest),
  with the gaps of that list filled from qa-catalogue's Avram file (Update No. 39);
  see `marc21_positions`; "Undefined" positions become blank-or-fill positions
  (`undefined_positions`). Code lists (languages, countries, geographic areas,
  relators): LoC's, as snapshotted in qa-catalogue's file.
* UNIMARC: facts from qa-catalogue's Avram UNIMARC file (IFLA UNIMARC/B).
* RUSMARC: the UNIMARC data overlaid with the RUSMARC 2015-11-23 format
  description (tags, R/NR, mandatory, indicator values, subfield codes, Russian
  field names, extra position codes). Descriptions and examples are NOT copied.

Only facts are taken; the output is our own compact JSON-lines / TSV form:

    {"k":"meta", ...}                       first line: flavour, edition, sources
    {"k":"field","tag":"245","name":..., "rep":false, "obs":false, "man":false,
     "i1":{"v":"01","o":""}, "i2":..., "sf":[["a","Title",rep,obs,man],...],
     "any_sf":false, "local":false}
        i1/i2: "v" = allowed values (a space is blank), "o" = allowed but obsolete
        values; a missing i1/i2 key means "not checked" (880 follows its field).
    {"k":"pos","f":"008","psf":"","type":"books","s":18,"e":21,"name":...,
     "mode":"each"|"whole","v":[...],"o":[...],"list":"language"|"country"|""}
        mode each: every character of the position is checked against v;
        whole: the whole position; a value "001-999" is a numeric range.
    {"k":"cond","tag":"101","ldr":{"6":"ab"},"src":...}
        a field mandatory when every listed Leader position holds one of its characters.
    {"k":"cond","tag":"615","need":"an","src":...}
    {"k":"cond","tag":"886","need":"a","when":{"ind1":"12"},"src":...}
    {"k":"cond","tag":"686","when":{"coded":{"tag":"105","sf":"a","s":4,"e":7,"any":"m"}},"src":...}
    {"k":"cond","tag":"337","or":["856"],"ldr":{"6":"l","8":" 01"},"src":...}
        conditions on the record's own content: "need" = subfield codes one of which every
        occurrence of `tag` must hold (without "need": the field, or one of the "or" tags,
        must be in the record); "when" = further conditions, all of which must hold: "sf"
        (the occurrence holds one of these subfields), "ind1" (its first indicator is one of
        these), "repeated" (the field occurs more than once), "coded" (a coded subfield of the
        record holds one of "any" in positions s..e). "ldr" as above.

Code lists: <flavour>-<list>.tsv with `code<TAB>discontinued(0/1)<TAB>name`.
"""
import argparse
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "formats")

# Corrections to the LoC concise list, each checked against the full LoC field page
# (https://www.loc.gov/marc/bibliographic/bd650.html etc.): the concise list shows
# 650 $e as NR, the field page defines "$e - Relator term (R)".
MARC21_ERRATA = {("650", "e"): {"rep": True}}

# Fields whose presence LoC requires in every bibliographic record that has content
# designation (Leader is always present): 008 (fixed-length data elements) and 245
# (title statement). MARC::Lint also requires 245. 001 is left to profiles because
# many exports (e.g. before a system assigns the control number) lack it.
MARC21_MANDATORY = {"008", "245"}

# Corrections to the Avram UNIMARC file: it marks 700 repeatable, but the UNIMARC manual says
# 700 "Not repeatable" (one primary responsibility; 701 is the repeatable alternative), as do
# the RUSMARC description and MarcEdit's unimarcrules.txt.
UNIMARC_ERRATA = {"700": {"rep": False}}
# 606 first indicator "Level of the subject term": the manual also defines "# No information
# available" (RUSMARC 2015 lists it too); the Avram file only has 0, 1, 2.
UNIMARC_EXTRA_INDICATOR_VALUES = {("606", "1"): " "}
# 110$a/07 and /10 are 0/1 codes; the Avram file has the letter "l" for the digit "1".
UNIMARC_CODE_TYPOS = {"l": "1"}

# UNIMARC manual (bibliographic), 3.10 "Numerical subfields": $6 Interfield linking data and
# $7 Alphabet/script of field may be used in fields 001-099 and 200-899 for alternative scripts
# (3.11), and $9 is for local use. The Avram file lists them only in a few fields.
UNIMARC_GENERAL_SUBFIELDS = [("6", "Interfield linking data", False), ("7", "Alphabet/script of field", False),
                             ("9", "Local use", True)]

# Not added on purpose: 686 $h and $j (class captions in RSL union-catalogue records). RUSMARC
# 2015, the Avram UNIMARC file, MarcEdit's unimarcrules.txt and the UKRMARC 686 page define
# only $a $b $c $v $2 $3 (+ $9 local), so they stay undefined (a local-fields file can add them).

# UNIMARC manual, "mandatory" fields of a bibliographic record: 001, 100, 200 and 801
# (101 is mandatory only when the item contains language material; left to profiles).
UNIMARC_MANDATORY = {"001", "100", "200", "801"}

# Which format update each part of the data reflects (written into the meta line as "parts";
# `Definitions::part_edition`). Update the text when the inputs are refreshed.
# The LoC concise list copy carries no update number (its header was stripped); it holds the
# 008/25 and 006/08 maps code r "Remote sensing image" of MARC Fast-Track Proposal 2025-FT03
# (approved 2025-11-25, https://www.loc.gov/marc/mac/2025/2025-ft03.html) and the 007/04 code t
# "4K Ultra HD Blu-ray", so it is the documentation after Update No. 41 (December 2025), the
# newest update before the copy was taken (2026-04-16).
MARC21_PARTS = {
    "variable_fields": "Update No. 41 (Dec 2025): LoC concise list, copy of 2026-04-16",
    "fixed_positions": "Update No. 41 (Dec 2025): LoC concise list, copy of 2026-04-16 "
                       "(gaps of the concise list filled from qa-catalogue, Update No. 39)",
    "code_lists": "LoC MARC code lists for languages, countries, geographic areas and relators: "
                  "qa-catalogue snapshot before 2025-08 (the newest the shared sources hold)",
}
UNIMARC_PARTS = {
    "fields": "UNIMARC/B concise 2008 + 2023 manual (qa-catalogue Avram file 9a62d41b)",
    "coded_positions": "UNIMARC/B concise 2008 + 2023 manual (qa-catalogue Avram file 9a62d41b)",
    "code_lists": "ISO 639-2, ISO 3166-1 alpha-2, UNIMARC Appendix C relators as in the Avram file",
}
RUSMARC_PARTS = {
    "rusmarc_overlay": "RUSMARC bibliographic, edition 2015-11-23 (RUSMARC20151123.xml)",
}

# Conditional mandatory fields whose condition the record itself tells (Leader/06 type of
# record, /07 bibliographic level, /08 hierarchical level): {"k":"cond","tag":..,"ldr":{"6":"ab"},
# "src": ...}; every listed leader position must hold one of its characters. Conditions that
# the record cannot tell (e.g. RUSMARC 686 "for dissertations", 101 for music with sung text)
# are left out.
UNIMARC_CONDITIONAL_MANDATORY = [
    # UNIMARC manual 101: mandatory when the item contains language (text); Leader/06 a and b
    # are language materials (printed, manuscript).
    ("101", {"6": "ab"}, "UNIMARC 101: mandatory for items containing language (Leader/06 a, b)"),
    # Avram file `required` on 120, 123, 206 (IFLA manual: "mandatory for cartographic
    # materials"; the Italian UNIMARC manual: 206 "obbligatorio per documenti cartografici").
    ("120", {"6": "ef"}, "UNIMARC 120: mandatory for cartographic materials (Leader/06 e, f)"),
    ("123", {"6": "ef"}, "UNIMARC 123: mandatory for cartographic materials (Leader/06 e, f)"),
    ("206", {"6": "ef"}, "UNIMARC 206: mandatory for cartographic materials (Leader/06 e, f)"),
]
# RUSMARC 2015: fields marked mandatory="c" whose note names a leader condition, and 101$a
# ("Обязательное для документов, имеющих текстовую основу"). Leader/08 "#, 0, 1" = not a
# record below the highest hierarchical level.
RUSMARC_CONDITIONAL_MANDATORY = [
    ("101", {"6": "ab"}, "RUSMARC 101$a: обязательное для документов, имеющих текстовую основу"),
    ("105", {"6": "a", "7": "m"}, "RUSMARC 105: обязательное для печатных монографических текстовых документов"),
    ("120", {"6": "ef", "8": " 01"}, "RUSMARC 120: обязательное для картографических материалов, если поз. 8 маркера #, 0, 1"),
    ("123", {"6": "ef", "8": " 01"}, "RUSMARC 123: обязательное для картографических материалов, если поз. 8 маркера #, 0, 1"),
    ("230", {"6": "l", "8": " 01"}, "RUSMARC 230: обязательное для электронных ресурсов, если поз. 8 маркера #, 0, 1"),
    ("300", {"6": "l", "8": " 01"}, "RUSMARC 300: обязательное для электронных ресурсов, если поз. 8 маркера #, 0, 1"),
]

# RUSMARC 2015 conditions that the record's own subfields, indicators, other fields or coded
# values decide (the `nm` attribute / MANDATORY-CONDITION of RUSMARC20151123.xml, quoted in
# "src"). Conditions the record cannot tell ("если данные доступны", "по Правилам", "для
# патентных документов", 700 $4 "если лицо не является автором" …) are left out.
RUSMARC_CONDITIONS = [
    # Leader-decided, like RUSMARC_CONDITIONAL_MANDATORY, stated on fields marked mandatory="n".
    {"tag": "206", "ldr": {"6": "ef", "8": " 01"},
     "src": "RUSMARC 206: обязательное для картографических материалов, если поз.8 маркера содержит значения #, 0, 1"},
    {"tag": "210", "ldr": {"8": " 01"},
     "src": "RUSMARC 210: обязательное, если поз.8 маркера содержит значения #, 0, 1"},
    # 337 nm: "Для электронных ресурсов удаленного доступа обязательно в случае отсутствия поля
    # 856" (and mandatory for local access); 856 NOTES: "Для электронных ресурсов удаленного
    # доступа в записи должно обязательно присутствовать хотя бы одно из полей 337 или 856".
    # Either way one of them is there in a record of an electronic resource (Leader/06 l).
    {"tag": "337", "or": ["856"], "ldr": {"6": "l", "8": " 01"},
     "src": "RUSMARC 337/856: для электронных ресурсов хотя бы одно из полей 337 или 856 (поз.8 маркера #, 0, 1)"},
    # 686 "Обязательное для диссертаций и авторефератов"; RUSMARC 105$a/4-7 codes a dissertation
    # (and, with `d`, its author's abstract: "Авторефераты диссертации dm##") with `m`
    # "диссертация (оригинал)". `v` (reworked for commercial publication) is left out.
    {"tag": "686", "when": {"coded": {"tag": "105", "sf": "a", "s": 4, "e": 7, "any": "m"}},
     "src": "RUSMARC 686: обязательное для диссертаций и авторефератов (105$a/4-7 m)"},
    # Subfields, one of which the field must hold.
    {"tag": "020", "need": "bz", "src": "RUSMARC 020: если поле 020 приводится в записи и не содержит подполя $z, то приведение подполя $b обязательно (и наоборот)"},
    {"tag": "021", "need": "bz", "src": "RUSMARC 021: если поле 021 приводится в записи, то приведение подполя 021$b и/или 021$z обязательно"},
    {"tag": "022", "need": "bz", "src": "RUSMARC 022: если поле 022 приводится в записи, то приведение подполя 022$b и/или 022$z обязательно"},
    {"tag": "146", "need": "cd", "src": "RUSMARC 146: $c обязательное, если отсутствует подполе $d; $d, если отсутствует $c"},
    {"tag": "183", "need": "ac", "src": "RUSMARC 183: $c обязательное, если отсутствует подполе $a"},
    {"tag": "206", "need": "ab", "src": "RUSMARC 206: $a обязательное, если поле 206 не содержит $b"},
    {"tag": "283", "need": "ac", "src": "RUSMARC 283: $c обязательное, если отсутствует подполе $a"},
    {"tag": "615", "need": "an", "src": "RUSMARC 615: $a обязательное, если в поле 615 нет подполя $n; $n, если нет $a"},
    # Subfields mandatory when another subfield, an indicator value or a repeat says so.
    {"tag": "036", "need": "d", "when": {"sf": "p"}, "src": "RUSMARC 036 $d: обязательное, если в поле присутствует $p"},
    {"tag": "036", "need": "m", "when": {"sf": "p"}, "src": "RUSMARC 036 $m: обязательное, если присутствует подполе $p"},
    {"tag": "036", "need": "2", "when": {"sf": "p"}, "src": "RUSMARC 036 $2: обязательное, если подполе $p присутствует в поле"},
    {"tag": "183", "need": "2", "when": {"sf": "c"}, "src": "RUSMARC 183 $2: обязательное, если подполе $c присутствует в поле"},
    {"tag": "283", "need": "2", "when": {"sf": "c"}, "src": "RUSMARC 283 $2: обязательное, если подполе $c присутствует в поле"},
    {"tag": "200", "need": "z", "when": {"sf": "d"}, "src": "RUSMARC 200 $z: обязательное, если присутствует $d"},
    {"tag": "225", "need": "z", "when": {"sf": "d"}, "src": "RUSMARC 225 $z: обязательное, если приводится 225$d"},
    # 101 ind1 1 = "Документ является переводом оригинала или промежуточного перевода".
    {"tag": "101", "need": "c", "when": {"ind1": "1"}, "src": "RUSMARC 101 $c: обязательное, если каталогизируемый документ является переводом (инд.1 = 1)"},
    {"tag": "886", "need": "a", "when": {"ind1": "12"}, "src": "RUSMARC 886 $a: обязательное, если значение индикатора 1 равно 1 или 2"},
    {"tag": "012", "need": "5", "when": {"repeated": True}, "src": "RUSMARC 012 $5: обязательное, если поле 012 повторяется"},
]

# RUSMARC subfields whose note makes them mandatory whenever their field is present
# ("Обязательное, если поле 102 приводится в записи", 852 $a "Обязательное."): they are
# mandatory subfields of the field, whatever `mandatory` says (122 $a, 127 $a, 336 $a and
# 029 $b are marked "n" with that note).
RUSMARC_MANDATORY_IN_FIELD = re.compile(
    r"^Обязательное(?:\.|,? если поле(?: \d{3})? (?:приводится|присутствует) в записи\.?)$")


def conditional_records(rules):
    return [{"k": "cond", "tag": tag, "ldr": ldr, "src": src} for tag, ldr, src in rules]


CATEGORY_007 = {
    "Map": "a", "Electronic resource": "c", "Globe": "d", "Tactile material": "f",
    "Projected graphic": "g", "Microform": "h", "Nonprojected graphic": "k",
    "Motion picture": "m", "Kit": "o", "Notated music": "q", "Remote-sensing image": "r",
    "Sound recording": "s", "Text": "t", "Videorecording": "v", "Unspecified": "z",
    "Common": "",
}
MATERIAL_008 = {
    "All Materials": "all", "Books": "books", "Computer Files": "computer",
    "Continuing Resources": "continuing", "Maps": "maps", "Mixed Materials": "mixed",
    "Music": "music", "Visual Materials": "visual",
}


def sentence_case(label):
    """LoC concise-list labels are upper case; keep acronyms short words as they are."""
    if label is None:
        return ""
    if label.upper() != label:
        return label
    words = label.lower().split(" ")
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    for acr in ["issn", "isbn", "isrc", "coden", "gpo", "lc", "nlm", "nal", "ddc", "udc", "url", "uri",
                "issn-l", "ismn", "isbd", "marc", "oclc", "ean", "upc", "sici", "nbn", "dnb"]:
        text = re.sub(r"\b%s\b" % re.escape(acr), acr.upper(), text)
    return text


def expand_codes(code):
    """'#' -> ' ', '0-9' -> '0123456789', 'a' -> 'a'."""
    if code == "#":
        return " "
    m = re.fullmatch(r"(.)-(.)", code)
    if m:
        return "".join(chr(c) for c in range(ord(m.group(1)), ord(m.group(2)) + 1))
    return code


def marc21_fields(shared):
    loc = json.load(open(os.path.join(shared, "formats/marc21/loc-ecbdlist-bibliographic.parsed.json")))
    by_tag = {}
    for e in loc["entries"]:
        by_tag.setdefault(e["tag"], []).append(e)
    out = []
    for tag in sorted(by_tag):
        entries = by_tag[tag]
        current = [e for e in entries if not e.get("obsolete")]
        e = current[0] if current else entries[0]
        flags = set(e.get("flags") or [])
        rec = {
            "k": "field", "tag": tag, "name": sentence_case(e["label"]),
            "rep": e.get("repeatable") is not False,
            "obs": not current,
            "man": tag in MARC21_MANDATORY,
            "local": bool(flags & {"LOCAL", "US-LOCAL"}),
        }
        if tag >= "010":
            for n in ("1", "2"):
                ind = e.get("indicator" + n)
                if ind is not None and ind.get("obsolete"):
                    # the parse put an obsolete definition first (017): take the current one
                    current_defs = [d for d in e.get("indicator%s_other_definitions" % n) or [] if not d.get("obsolete")]
                    if current_defs:
                        ind = current_defs[0]
                if ind is None:
                    rec["i" + n] = {"v": " ", "o": ""}
                    continue
                if not ind["codes"] and "same as associated" in ind["label"].lower():
                    continue  # 880: follows the associated field
                v, o = "", ""
                for c in ind["codes"]:
                    chars = expand_codes(c["code"])
                    if c.get("obsolete"):
                        o += "".join(ch for ch in chars if ch not in v and ch not in o)
                    else:
                        v += "".join(ch for ch in chars if ch not in v)
                o = "".join(ch for ch in o if ch not in v)
                rec["i" + n] = {"v": v, "o": o}
        sfs = {}
        any_sf = False
        for s in e.get("subfields") or []:
            code = s["code"]
            if len(code) != 1:
                any_sf = True  # 880/886 ranges: "same as associated field"
                continue
            obs = bool(s.get("obsolete") or s.get("redefined"))
            prev = sfs.get(code)
            if prev is not None and not prev[3]:
                continue  # keep the current definition over an obsolete one
            rep = s.get("repeatable") is not False
            sfs[code] = [code, s["label"], rep, obs, False]
        for (etag, code), fix in MARC21_ERRATA.items():
            if etag == tag and code in sfs and "rep" in fix:
                sfs[code][2] = fix["rep"]
        if tag >= "010" and not sfs and not any_sf and not rec["obs"]:
            # 841-878: the concise bibliographic list only names the embedded holdings fields;
            # their content is defined by the MARC 21 Holdings format, which we do not carry.
            rec.pop("i1", None)
            rec.pop("i2", None)
            any_sf = True
        if tag >= "010":
            rec["sf"] = sorted(sfs.values(), key=lambda x: x[0])
            rec["any_sf"] = any_sf
        out.append(rec)
    return out


def avram_position_records(field, sf, typ, key, pos, obsolete_key="deprecated"):
    start = pos["start"]
    end = pos.get("end", start)
    width = end - start + 1
    codes = pos.get("codes")
    flags = pos.get("flags")
    rec = {"k": "pos", "f": field, "psf": sf, "type": typ, "s": start, "e": end,
           "name": pos.get("label", "").split(" // ")[0].strip(), "mode": "", "v": [], "o": [], "list": ""}
    if isinstance(codes, str):
        if "language" in codes or "iso639" in codes:
            rec["list"] = "language"
        elif "countr" in codes or "Q1140221" in codes:
            rec["list"] = "country"
        return rec
    table = codes if codes else flags
    if not table:
        return rec
    for code, info in table.items():
        deprecated = isinstance(info, dict) and info.get(obsolete_key)
        (rec["o"] if deprecated else rec["v"]).append(code)
    lengths = {len(c) for c in rec["v"] + rec["o"] if not re.fullmatch(r"\d+-\d+", c)}
    rec["mode"] = "whole" if (width == 1 or lengths == {width}) else "each"
    if rec["mode"] == "each" and lengths != {1}:
        # mixed, e.g. 008/33-34 maps: one-character codes plus "||": accept both
        rec["mode"] = "each"
        rec["v"] = sorted({ch for c in rec["v"] for ch in c})
    return rec


def qa_positions(shared):
    """Leader/006/007/008 positions from qa-catalogue's Avram file (Update No. 39)."""
    qa = json.load(open(os.path.join(shared, "formats/marc21/qa-catalogue-marc.json")))["fields"]
    out = []
    for key, pos in qa["LDR"]["positions"].items():
        out.append(avram_position_records("LDR", "", "", key, pos))
    for tag in ("006", "008"):
        for typ, t in qa[tag]["types"].items():
            for key, pos in t["positions"].items():
                out.append(avram_position_records(tag, "", MATERIAL_008[typ], key, pos))
    for typ, t in qa["007"]["types"].items():
        for key, pos in t["positions"].items():
            out.append(avram_position_records("007", "", CATEGORY_007[typ], key, pos))
    return out


# Headings of the "Character Positions" blocks of the LoC concise list.
LOC_MATERIAL = {
    "ALL MATERIALS": "all", "BOOKS": "books", "COMPUTER FILES": "computer",
    "COMPUTER FILES/ELECTRONIC RESOURCES": "computer", "MAPS": "maps", "MIXED MATERIALS": "mixed",
    "MUSIC": "music", "CONTINUING RESOURCES": "continuing", "VISUAL MATERIALS": "visual",
}
# LoC 006 page: "006/01-17 ... are defined the same as the corresponding 008/18-34" (the
# concise list names the 006 positions but gives their codes only under 008).
OFFSET_006_TO_008 = 17


def loc_fixed_blocks(shared):
    """Parse the Leader, 006, 007 and 008 "Character Positions" blocks of LoC's concise list
    (loc-ecbdlist-bibliographic.html, the newest source: copy of 2026-04-16).

    Returns {(field, material): [(start, end, name, obsolete, [(code, label, obsolete)])]}."""
    import html as htmllib
    text = htmllib.unescape(open(os.path.join(shared, "formats/marc21/loc-ecbdlist-bibliographic.html"),
                                 encoding="utf-8").read())
    category_007 = {k.upper(): v for k, v in CATEGORY_007.items()}
    blocks, cur, pos_indent = {}, None, None
    for line in text.split("\n"):
        m = re.match(r"^\s*LEADER\s*$", line)
        h = re.match(r"^\s*(00[678])--(.+?)\s*$", line)
        if m or h:
            key = ("LDR", "") if m else (h.group(1), category_007[h.group(2)] if h.group(1) == "007"
                                         else LOC_MATERIAL[h.group(2)])
            cur = blocks.setdefault(key, [])
            pos_indent = None
            continue
        if cur is None or not line.strip() or "Character Positions" in line:
            continue
        if re.match(r"^\s*DIRECTORY\s*$", line) or re.match(r"^--(?!Control Field)", line) \
                or re.match(r"^\d{3} - ", line) or line.startswith("--Control Field"):
            if not line.startswith("006 - ") and not line.startswith("007 - ") and not line.startswith("008 - "):
                cur = None
            continue
        # "|- No attempt to code" (007 videorecording /05) lacks the space before the dash
        m = re.match(r"^(\s*)(\S+)\s+- (.*)$", line) or re.match(r"^(\s*)(\|)- (.*)$", line)
        if not m:
            raise SystemExit("unparsed LoC fixed-field line: %r" % line)
        indent, key, label = len(m.group(1)), m.group(2), m.group(3)
        # The FOLIO copy lost one marker's text: "g - Punched paper tape [   ]" under 008/23 music
        # (obsolete, as under 008/23 books): an emptied bracket is read as [OBSOLETE].
        obsolete = "[OBSOLETE]" in label or re.search(r"\[\s*\]", label) is not None
        label = re.sub(r"\[(OBSOLETE|\s*)\]", "", label).strip()
        if pos_indent is None:
            pos_indent = indent
        if indent <= pos_indent and re.fullmatch(r"\d\d(-\d\d)?", key):
            s, _, e = key.partition("-")
            cur.append((int(s), int(e or s), label, obsolete, []))
        else:
            cur[-1][4].append((key, label, obsolete))
    return blocks


def loc_codes(codes, width):
    """LoC code lines -> (current, obsolete) lists in the data's notation (blank = space)."""
    v, o = [], []
    whole = width > 1 and any(len(k) == width and set(k) != {"|"} for k, _l, _o in codes)
    for key, _label, obsolete in codes:
        code = key.replace("#", " ")
        if whole and set(code) == {"|"}:
            code = "|" * width  # "| - No attempt to code" under 008/22-23 maps (LoC typo for ||)
        m = re.fullmatch(r"([0-9a-z])-([0-9a-z])", code)  # 0-9 (dates); not --- (unknown)
        chars = [chr(c) for c in range(ord(m.group(1)), ord(m.group(2)) + 1)] if m else [code]
        for c in chars:
            target = o if obsolete else v
            if c not in target:
                target.append(c)
    return v, [c for c in o if c not in v]


# Obsolete definitions of now undefined positions that LoC's concise list does not show.
# 007/02 "Original versus reproduction aspect [obsolete]: This definition was made obsolete in
# 1997. The defined codes were: f (Facsimile), o (Original), r (Reproduction), and u (Unknown)"
# (OCLC Bibliographic Formats content designator history, 007/02 motion picture,
# http://www.itsmarc.com/crs/Bib0131.htm). The concise list shows "02 - Undefined" in every
# 007 category; applying the old codes to every category is an inference (old sound recording
# records carry 007/02 u, e.g. marc4j pride-and-prejudice ocm33222856): they are warned as
# obsolete rather than failed.
OBSOLETE_UNDEFINED_CODES = {("007", 2): [("f", "Facsimile"), ("o", "Original"),
                                         ("r", "Reproduction"), ("u", "Unknown")]}


def undefined_positions(field, s, e, positions):
    """An "Undefined" position of LoC's list as checkable positions.

    LoC (e.g. https://www.loc.gov/marc/bibliographic/bd008b.html, 008/18-21 of computer files:
    "Undefined character positions ... Each contains a blank (#) or fill character (|)"; the
    same wording for every undefined 006/007/008 position, and the general rule in "MARC 21
    Format for Bibliographic Data: General Information": "Undefined character positions contain
    blanks") allows a blank or the fill character in each undefined character. A position that
    was defined once (008/18 computer files "Frequency [OBSOLETE]") keeps its old codes as
    obsolete, so an old record is warned, not failed: the range is cut where the obsolete
    definitions start and end. Returns [(start, end, codes)] in loc_fixed_blocks' code form."""
    old = [(os_, oe, codes) for os_, oe, _n, obsolete, codes in positions
           if obsolete and s <= os_ and oe <= e]
    cuts = sorted({s, e + 1} | {os_ for os_, _oe, _c in old} | {oe + 1 for _os, oe, _c in old})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        codes = [("#", "Undefined", False), ("|", "No attempt to code", False)]
        for os_, oe, ocodes in old:
            if os_ <= a and b - 1 <= oe:
                codes += [(k, label, True) for k, label, _o in ocodes if k not in ("#", "|")]
        codes += [(k, label, True) for k, label in OBSOLETE_UNDEFINED_CODES.get((field, a), []) if a == b - 1]
        out.append((a, b - 1, codes))
    return out


def marc21_positions(shared):
    """Fixed positions: LoC's concise list wins (newest; qa-catalogue's file has the same
    obsolete-overwrites-current collision bug in fixed fields as in variable fields, e.g. 008/22
    visual f/g, 007/01 map j). qa-catalogue fills what the concise list leaves out: values of
    Leader/10-11 and 20-23 (not listed in the concise Leader), codes LoC omits in a few blocks
    (008/23 computer files: # and |), and obsolete codes the concise list does not repeat
    (e.g. CAN/MARC-only 008/22 values), which stay obsolete. Each difference is printed."""
    blocks = loc_fixed_blocks(shared)
    qa = {(r["f"], r["type"], r["s"], r["e"]): r for r in qa_positions(shared)}
    loc = {}
    undefined = set()
    for (field, typ), positions in blocks.items():
        for s, e, name, obsolete, codes in positions:
            if obsolete:
                continue  # an obsolete definition of the position (e.g. 008/24 maps prime meridian)
            if name == "Undefined" and not codes and field in ("007", "008"):
                for sub in undefined_positions(field, s, e, positions):
                    loc[(field, typ) + sub[:2]] = ("Undefined", sub[2])
                    undefined.add((field, typ) + sub[:2])
                continue
            loc[(field, typ, s, e)] = (name, codes)
    # 006/01-17 "Undefined" = 008/18-34 "Undefined" of the same material, split the same way.
    for (field, typ, s, e), (name, codes) in list(loc.items()):
        if field == "006" and name == "Undefined" and not codes:
            del loc[(field, typ, s, e)]
            for (f8, t8, s8, e8) in sorted(undefined):
                if f8 == "008" and t8 == typ and s + OFFSET_006_TO_008 <= s8 and e8 <= e + OFFSET_006_TO_008:
                    key = ("006", typ, s8 - OFFSET_006_TO_008, e8 - OFFSET_006_TO_008)
                    loc[key] = loc[(f8, t8, s8, e8)]
                    undefined.add(key)
    # 006/01-17 take the codes of 008/18-34 of the same material; 006/00 and 007/00 are one
    # position over all forms/categories (the "all" / "" groups).
    for (field, typ, s, e), (name, codes) in list(loc.items()):
        if field == "006" and s > 0 and not codes:
            twin = loc.get(("008", typ, s + OFFSET_006_TO_008, e + OFFSET_006_TO_008))
            if twin:
                loc[(field, typ, s, e)] = (name, twin[1])
    for field, group in (("006", "all"), ("007", "")):
        union = []
        for (f, typ, s, e), (name, codes) in sorted(loc.items()):
            if f == field and s == 0:
                union += [c for c in codes if c not in union]
                del loc[(f, typ, s, e)]
        loc[(field, group, 0, 0)] = ("Form of material" if field == "006" else "Category of material", union)

    out, report = [], []
    for key in sorted(set(loc) | set(qa)):
        field, typ, s, e = key
        q = qa.get(key)
        if key not in loc:
            if q and (q["mode"] or q["list"]):
                report.append("qa only %s/%s %02d-%02d" % (field, typ, s, e))
                out.append(q)
            continue
        name, codes = loc[key]
        width = e - s + 1
        v, o = loc_codes(codes, width)
        rec = {"k": "pos", "f": field, "psf": "", "type": typ, "s": s, "e": e, "name": name,
               "mode": "", "v": v, "o": o, "list": "", "src": "loc"}
        if q:
            added_v = [c for c in q["v"] if c not in v and c not in o]
            added_o = [c for c in q["o"] if c not in v and c not in o]
            if added_v:
                report.append("from qa (LoC concise list omits) %s/%s %02d-%02d current %r" % (field, typ, s, e, added_v))
            wrong = [c for c in q["o"] if c in v]
            if wrong:
                report.append("qa obsolete but LoC current %s/%s %02d-%02d %r" % (field, typ, s, e, wrong))
            new = [c for c in v if c not in q["v"] and c not in q["o"]]
            if new and q["v"]:
                report.append("LoC only %s/%s %02d-%02d %r" % (field, typ, s, e, new))
            rec["v"] += added_v
            rec["o"] += added_o
            rec["list"] = q["list"]
            if added_v or added_o:
                rec["src"] = "loc+qa"
        if field == "008" and (s, e) == (15, 17):
            rec["list"] = "country"
        if field == "008" and (s, e) == (35, 37):
            rec["list"] = "language"
        rec["v"].sort(key=lambda c: (c.startswith("|"), c))  # blank first, fill last
        rec["o"].sort()
        if rec["v"] or rec["o"]:
            lengths = {len(c) for c in rec["v"] + rec["o"] if not re.fullmatch(r"\d+-\d+", c)}
            rec["mode"] = "whole" if (width == 1 or lengths == {width}) else "each"
            if rec["mode"] == "each" and lengths != {1}:
                rec["v"] = sorted({ch for c in rec["v"] for ch in c})
                rec["o"] = sorted({ch for c in rec["o"] for ch in c} - set(rec["v"]))
        if rec["mode"] or rec["list"]:
            out.append(rec)
    for line in report:
        print("marc21 fixed fields:", line, file=sys.stderr)
    return out


def read_tsv_codes(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or line.startswith("code\t"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3:
            code = parts[0].lstrip("-")
            rows.append((code, parts[2], parts[1]))
    return rows


def write_tsv(name, rows, source):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("# generated by crates/yozuv/tools/gen_formats.py from %s\n" % source)
        for code, disc, label in sorted(set(rows)):
            f.write("%s\t%s\t%s\n" % (code, disc, label.replace("\t", " ")))


def unimarc_fields(shared):
    av = json.load(open(os.path.join(shared, "testdata/unimarc/definitions/unimarc/avram-unimarc.json")))
    fields, positions = {}, []
    for tag, f in av["fields"].items():
        if tag == "LEADER":
            for key, pos in f["positions"].items():
                positions.append(avram_position_records("LDR", "", "", key, pos))
            continue
        rec = {"k": "field", "tag": tag, "name": sentence_case(f.get("label", "")),
               "rep": f.get("repeatable") is not False, "obs": False,
               "man": tag in UNIMARC_MANDATORY, "local": False}
        rec.update(UNIMARC_ERRATA.get(tag, {}))
        if tag >= "010":
            for n in ("1", "2"):
                ind = f.get("indicator" + n)
                if not ind or not ind.get("codes"):
                    rec["i" + n] = {"v": " ", "o": ""}
                else:
                    v = ""
                    for c in ind["codes"]:
                        for ch in expand_codes(c):
                            if ch not in v:
                                v += ch
                    v += "".join(c for c in UNIMARC_EXTRA_INDICATOR_VALUES.get((tag, n), "") if c not in v)
                    rec["i" + n] = {"v": v, "o": ""}
            sfs = []
            for code, s in (f.get("subfields") or {}).items():
                if len(code) != 1:
                    continue
                sfs.append([code, s.get("label", ""), s.get("repeatable") is not False,
                            "obsolete" in s.get("label", "").lower(), False])
                for key, pos in (s.get("positions") or {}).items():
                    if "start" in pos:
                        positions.append(avram_position_records(tag, code, "", key, pos))
            have = {x[0] for x in sfs}
            if "010" <= tag <= "099" or "200" <= tag <= "899":
                for code, name, rep in UNIMARC_GENERAL_SUBFIELDS:
                    if code not in have and sfs:
                        sfs.append([code, name, rep, False, False])
            rec["sf"] = sorted(sfs, key=lambda x: x[0])
            rec["any_sf"] = False
        fields[tag] = rec
    for rec in positions:
        if rec["f"] == "100" and rec["s"] == 22:
            rec["list"] = "language"
        if sorted(rec["v"]) == ["0", "l"]:
            rec["v"] = [UNIMARC_CODE_TYPOS.get(c, c) for c in rec["v"]]
    positions = [r for r in positions if r["mode"] or r["list"]]
    return fields, positions, av["codelists"]


def rusmarc_overlay(shared, fields, positions):
    root = ET.parse(os.path.join(shared, "testdata/unimarc/definitions/rusmarc/RUSMARC20151123.xml")).getroot()
    vocab = {}
    for v in root.iter("VOCABULARY"):
        items = [i.get("code") for i in v.findall("ITEM") if i.get("code") is not None]
        if items:
            vocab.setdefault(v.get("name"), items)
    out = {t: json.loads(json.dumps(r)) for t, r in fields.items()}
    for f in root.iter("FIELD"):
        tag = f.get("tag")
        base = out.get(tag) or {"k": "field", "tag": tag, "name": "", "rep": True, "obs": False,
                                "man": False, "local": False}
        base["name_ru"] = (f.get("name") or "").strip()
        base["rep"] = f.get("repeatable") != "n"
        base["man"] = f.get("mandatory") == "y"
        base["obs"] = "устар" in (f.get("notes") or "").lower()
        if tag >= "010":
            for n in ("1", "2"):
                ind = f.find("IND" + n)
                if ind is None:
                    continue
                opts = [o.get("value") for o in ind.findall("OPTION")]
                if opts:
                    v = ""
                    for o in opts:
                        for ch in expand_codes(o if o != "" else " "):
                            if ch not in v:
                                v += ch
                    base["i" + n] = {"v": v, "o": ""}
                elif "не определен" in (ind.get("name") or ""):
                    base["i" + n] = {"v": " ", "o": ""}
            sfs = {s[0]: s for s in base.get("sf", [])}
            for s in f.findall("SUBFIELD"):
                code = s.get("tag")
                if not code or len(code) != 1:
                    continue
                name = (s.get("name") or "").strip()
                old = sfs.get(code)
                sfs[code] = [code, old[1] if old else name, s.get("repeatable") != "n",
                             "устаревш" in name.lower(),
                             (s.get("mandatory") == "y" and not (s.get("nm") or "").strip())
                             or bool(RUSMARC_MANDATORY_IN_FIELD.match((s.get("nm") or "").strip()))]
                # positions: extra codes (e.g. 100$a/26-29 "89" = Windows-1251)
                for p in s.findall("PSUBFIELD"):
                    voc = p.find("VOCABULARY")
                    if voc is None:
                        continue
                    items = vocab.get(voc.get("name"), [])
                    try:
                        start, end = int(p.get("start")), int(p.get("end"))
                    except (TypeError, ValueError):
                        continue
                    for rec in positions:
                        if rec["f"] == tag and rec["psf"] == code and rec["mode"] and rec["s"] >= start and rec["e"] <= end:
                            width = rec["e"] - rec["s"] + 1
                            for item in items:
                                item = item.replace("#", " ")
                                if rec["mode"] == "whole" and len(item) == width and item not in rec["v"]:
                                    rec["v"].append(item)
                                if rec["mode"] == "each" and len(item) == 1 and item not in rec["v"]:
                                    rec["v"].append(item)
            if ("010" <= tag <= "099" or "200" <= tag <= "899") and sfs:
                for code, name, rep in UNIMARC_GENERAL_SUBFIELDS:
                    sfs.setdefault(code, [code, name, rep, False, False])
            base["sf"] = sorted(sfs.values(), key=lambda x: x[0])
            base.setdefault("any_sf", False)
            base.setdefault("i1", {"v": " ", "o": ""})
            base.setdefault("i2", {"v": " ", "o": ""})
        out[tag] = base
    return out, positions


def write_jsonl(name, meta, records):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n")
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(HERE, "../../../../shared"))
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    os.makedirs(OUT, exist_ok=True)

    m21 = marc21_fields(shared) + marc21_positions(shared)
    write_jsonl("marc21.jsonl", {
        "k": "meta", "flavour": "marc21",
        "edition": "MARC 21 Format for Bibliographic Data through Update No. 41 (Dec 2025): variable fields and "
                   "fixed positions from the LoC concise list (copy of 2026-04-16); code lists: LoC snapshot before 2025-08",
        "parts": MARC21_PARTS,
        "sources": ["loc-ecbdlist-bibliographic.parsed.json and .html (LoC ecbdlist.html via folio-org/mod-record-specifications 29020335)",
                    "qa-catalogue-marc.json (pkiraly/qa-catalogue cbb4023a, Update 39): code lists; fixed-position "
                    "values the concise list leaves out (Leader/10-11, 20-23; 008/23 computer files # |; "
                    "obsolete codes it does not repeat)"],
    }, m21)
    cl = os.path.join(shared, "formats/marc21/codelists")
    write_tsv("marc21-languages.tsv", read_tsv_codes(os.path.join(cl, "languages.tsv")), "LoC MARC Code List for Languages (snapshot before 2025-08)")
    write_tsv("marc21-countries.tsv", read_tsv_codes(os.path.join(cl, "countries.tsv")), "LoC MARC Code List for Countries (snapshot before 2025-08)")
    write_tsv("marc21-geographic-areas.tsv", read_tsv_codes(os.path.join(cl, "geographic-areas.tsv")), "LoC MARC Code List for Geographic Areas (snapshot before 2025-08)")
    write_tsv("marc21-relators.tsv", read_tsv_codes(os.path.join(cl, "relators.tsv")), "LoC MARC Code List for Relators (snapshot before 2025-08)")

    ufields, upos, ulists = unimarc_fields(shared)
    write_jsonl("unimarc.jsonl", {
        "k": "meta", "flavour": "unimarc",
        "edition": "UNIMARC/B (IFLA UNIMARC bibliographic, concise 2008 + 2023 manual), as in qa-catalogue's Avram file",
        "parts": UNIMARC_PARTS,
        "sources": ["avram-unimarc.json (pkiraly/qa-catalogue 9a62d41b)"],
    }, [ufields[t] for t in sorted(ufields)] + upos + conditional_records(UNIMARC_CONDITIONAL_MANDATORY))
    write_tsv("unimarc-languages.tsv", [(c, "0", n) for c, n in ulists["https://www.loc.gov/standards/iso639-2/"]["codes"].items()], "ISO 639-2 (UNIMARC Appendix A), via avram-unimarc.json")
    write_tsv("unimarc-countries.tsv", [(c, "0", n) for c, n in ulists["http://www.wikidata.org/entity/Q1140221"]["codes"].items()], "ISO 3166-1 alpha-2 (UNIMARC Appendix B), via avram-unimarc.json")
    write_tsv("unimarc-relators.tsv", [(c, "0", n) for c, n in ulists["unimarc-relator-codes"]["codes"].items()], "UNIMARC relator codes (Appendix C), via avram-unimarc.json")

    rfields, rpos = rusmarc_overlay(shared, ufields, json.loads(json.dumps(upos)))
    write_jsonl("rusmarc.jsonl", {
        "k": "meta", "flavour": "rusmarc",
        "edition": "RUSMARC bibliographic, edition 2015-11-23 (field list, R/NR, mandatory, indicators, subfields), "
                   "over the UNIMARC/B data",
        "parts": dict(UNIMARC_PARTS, **RUSMARC_PARTS),
        "sources": ["avram-unimarc.json (pkiraly/qa-catalogue 9a62d41b)",
                    "RUSMARC20151123.xml (amironov73/ManagedIrbis 435d9af1): facts only"],
    }, [rfields[t] for t in sorted(rfields)] + rpos + conditional_records(RUSMARC_CONDITIONAL_MANDATORY)
      + [dict({"k": "cond"}, **c) for c in RUSMARC_CONDITIONS])
    rel = json.load(open(os.path.join(shared, "testdata/unimarc/definitions/rusmarc/rusmarc-to-marc21-relators.json")))
    rrows = [(c, "0", n) for c, n in ulists["unimarc-relator-codes"]["codes"].items()]
    have = {c for c, _, _ in rrows}
    for c in rel:
        if c not in have and re.fullmatch(r"\d{3}", c):
            rrows.append((c, "0", "RUSMARC relator (maps to MARC 21 %s)" % rel[c]))
    write_tsv("rusmarc-relators.tsv", rrows, "UNIMARC relator codes + RUSMARC additions (rusmarc-to-marc21-relators.json)")
    print("wrote", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
