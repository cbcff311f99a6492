# Messages of the definition-driven format checks (crate yozuv, module format::check).
# Message id = check id with "." replaced by "-". Arguments: $tag, $name (field name from the
# definitions), $code (subfield code), $subfield_name, $value, $position, $allowed, $reason,
# $element, $status, $embedded, $main, $count, $script.

format-undefined-tag = Field { $tag } is not defined in this format.
    .summary = Field not defined in the format
format-field-not-repeatable = Field { $tag } ({ $name }) is not repeatable but occurs more than once.
    .summary = Non-repeatable field repeated
format-subfield-not-repeatable = Field { $tag } ({ $name }): subfield ${ $code } is not repeatable but occurs more than once.
    .summary = Non-repeatable subfield repeated
format-invalid-indicator = Field { $tag } ({ $name }): indicator { $position } is "{ $value }"; allowed: { $allowed } (# = blank).
    .summary = Indicator value not defined
format-undefined-subfield = Field { $tag } ({ $name }): subfield ${ $code } is not defined.
    .summary = Subfield not defined for the field
format-obsolete = { $element ->
    [indicator] Field { $tag } ({ $name }): indicator { $position } value "{ $value }" is obsolete.
    [subfield] Field { $tag } ({ $name }): subfield ${ $code } is obsolete.
    [position] { $tag }/{ $position } ({ $name }): code "{ $value }" is obsolete.
   *[field] Field { $tag } ({ $name }) is obsolete.
}
    .summary = Obsolete field, subfield, indicator or code
format-mandatory-missing = { $element ->
    [field] Mandatory field { $tag } ({ $name }) is missing.
    [record-type] Field { $tag } ({ $name }) is mandatory for this kind of record (leader/{ $position } "{ $value }") and is missing.
    [record-type-one-of] One of the fields { $tags } is mandatory for this kind of record (leader/{ $position } "{ $value }"); none is present.
    [coded] Field { $tag } ({ $name }) is mandatory when { $condition_field }/{ $position } holds "{ $value }", and is missing.
    [subfield-one-of] Field { $tag } ({ $name }) must hold one of the subfields { $codes }; none is present.
    [subfield-if-subfield] Field { $tag } ({ $name }): subfield ${ $code } is mandatory when { $if_code } is present, and is missing.
    [subfield-if-indicator] Field { $tag } ({ $name }): subfield ${ $code } is mandatory when indicator 1 is { $value }, and is missing.
    [subfield-if-repeated] Field { $tag } ({ $name }): subfield ${ $code } is mandatory when the field is repeated, and is missing.
   *[subfield] Field { $tag } ({ $name }): mandatory subfield ${ $code } is missing.
}
    .summary = Field or subfield mandatory in the format is missing
format-fixed-field-code = { $tag }/{ $position } ({ $name }): "{ $value }" is not a defined code; allowed: { $allowed } (# = blank).
    .summary = Undefined code in a fixed-length position
format-fixed-field-misaligned = { $tag }: content shifted by { $shift } character(s) ({ $length } characters, { $expected } expected): { $name } "{ $value }" stands at { $found_at } instead of { $position }; a character was probably inserted or dropped between { $tag }/{ $from } and { $tag }/{ $to }. Positions { $unchecked } were not checked one by one.
    .summary = Fixed-length field shifted by an inserted or dropped character
format-language-code = { $status ->
    [discontinued] Language code "{ $value }" in { $tag } is discontinued.
    [malformed] Language codes in { $tag } ${ $code } must be groups of three letters: "{ $value }".
   *[unknown] "{ $value }" in { $tag } is not a language code.
}
    .summary = Language code not in the code list
format-country-code = { $status ->
    [discontinued] Country code "{ $value }" in { $tag } is discontinued.
    [case] Country code "{ $value }" in { $tag } must be written in capital letters.
   *[unknown] "{ $value }" in { $tag } is not a country code.
}
    .summary = Country code not in the code list
format-relator-code = { $status ->
    [discontinued] Relator code "{ $value }" in { $tag } is discontinued.
   *[unknown] "{ $value }" in { $tag } ${ $code } is not a relator code.
}
    .summary = Relator code not in the code list
format-geographic-area-code = { $status ->
    [discontinued] Geographic area code "{ $value }" in { $tag } is discontinued.
   *[unknown] "{ $value }" in { $tag } is not a geographic area code.
}
    .summary = Geographic area code not in the code list
format-linkage-880 = { $reason ->
    [no-880] Field { $tag } links to { $value } but there is no 880 linked back to it.
    [no-field] Field 880 ($6 { $value }) has no field { $tag } linked to it.
    [no-linkage] Field 880 has no subfield $6.
    [not-880] Field { $tag }: subfield $6 "{ $value }" must point to field 880.
    [script] Field { $tag }: "{ $script }" in $6 "{ $value }" is not a script identification code.
   *[malformed] Field { $tag }: subfield $6 "{ $value }" is not of the form tag-occurrence[/script].
}
    .summary = Broken 880 alternate-script linkage
format-embedded-field = { $reason ->
    [before-first] Field { $tag }: subfield ${ $code } comes before the first embedded field ($1).
    [bad-tag] Field { $tag }: embedded field "{ $value }" does not begin with a tag.
    [no-indicators] Field { $tag }: embedded field { $embedded } has no indicators.
    [undefined-tag] Field { $tag }: embedded field { $embedded } is not defined.
    [indicator] Field { $tag }: embedded field { $embedded } has an invalid indicator.
    [control-subfield] Field { $tag }: subfield ${ $code } follows an embedded control field.
   *[undefined-subfield] Field { $tag }: subfield ${ $code } is not defined in embedded field { $embedded }.
}
    .summary = Malformed embedded field ($1)
format-heading-consistency = { $reason ->
    [several-main-entries] Only one main entry is allowed; field { $tag } is number { $count }.
    [uniform-title-with-130] Field 240 must not be used when field 130 is present.
   *[added-entry-repeats-main] Added entry { $tag } repeats the main entry { $main } ("{ $value }").
}
    .summary = Main and added entries inconsistent
