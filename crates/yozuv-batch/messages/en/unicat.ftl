# uz-unicat record checks (data/rules.toml). Message id = rule id with "." replaced by "-".

source-date = Record source date 801$c "{ $value }" is not a date YYYYMMDD
    .summary = Record source date 801$c is not YYYYMMDD
source-incomplete = { $problem ->
        [no-transcribing] Cataloging source 040 has no transcribing agency $c
       *[other] Record source 801 has no date $c (YYYYMMDD)
    }
    .summary = Record source (801 / 040) incomplete
country-publication = { $problem ->
        [missing] No country of publication (UNIMARC 102$a, MARC 21 008/15-17)
       *[other] Country of publication "{ $value }" is not a valid code
    }
    .summary = Country of publication missing or invalid
responsibility-access-point = The statement of responsibility "{ $value }" names a person, but the record has no personal access point ({ $tags })
    .summary = Person named without a personal access point
year-publication = { $problem ->
        [form] Publication date "{ $value }" holds no four-digit year
        [future] Publication year "{ $value }" is in the future
       *[other] Publication year "{ $value }" disagrees with the coded date { $expected }
    }
    .summary = Publication year malformed or inconsistent
isbn-group = { $problem ->
        [unknown-group] ISBN "{ $value }": no ISBN registration group covers it
       *[other] ISBN "{ $value }": the hyphens misplace the registration group { $expected } ({ $name })
    }
    .summary = ISBN registration group unknown or misplaced
bbk-syntax = BBK index "{ $value }" breaks the notation at character { $position } ({ $problem ->
        [empty] empty index
        [space] a space inside the index
        [latin-letter] a Latin letter, probably for a Cyrillic one
        [character] a character that is not a BBK sign
        [main-class] it does not start with a main class
        [udc-like] three digits before the first dot: a UDC number?
        [dot] a point not between digits
        [digit-group] digit groups between points have three digits
        [brackets] unbalanced or empty brackets
        [dangling] a connector with nothing after it
       *[other] a я-division without its number
    })
    .summary = BBK index syntax
text-declared-script = 100$a/34-35 declares the title script { $declared }, but 200$a "{ $value }" is mostly { $script ->
        [latin] Latin
       *[other] Cyrillic
    }
    .summary = Declared title script disagrees with the title
text-language-letters = { $problem ->
        [uzbek-in-russian] Uzbek Cyrillic letters in "{ $word }", but the record's language is { $code }
       *[other] Russian-only letters in "{ $word }", but the record's language is { $code }
    }
    .summary = Letters of another language than the language code
punctuation-isbd = { $problem ->
        [at-end] "{ $value }" ends in "{ $char }": UNIMARC generates ISBD punctuation between subfields
       *[other] "{ $value }" has "{ $char }" twice
    }
    .summary = ISBD punctuation left or doubled
holdings-sigla = Sigla "{ $value }" is not in the participant registry ({ $count } codes known)
    .summary = Unknown participant sigla
link-target-missing = { $known ->
    [yes] The linked record "{ $value }" is neither in the batch nor among the known identifiers
   *[no] The linked record "{ $value }" is not in the batch
}
    .summary = Link to a record not in the batch
