# Формат таърифлари бўйича текширувлар хабарлари (yozuv крейти, format::check модули).

format-undefined-tag = { $tag } майдони бу форматда белгиланмаган.
    .summary = Майдон форматда белгиланмаган
format-field-not-repeatable = { $tag } майдони ({ $name }) такрорланмайди, лекин бир неча марта учрайди.
    .summary = Такрорланмайдиган майдон такрорланган
format-subfield-not-repeatable = { $tag } майдони ({ $name }): ${ $code } қуйи майдони такрорланмайди, лекин бир неча марта учрайди.
    .summary = Такрорланмайдиган қуйи майдон такрорланган
format-invalid-indicator = { $tag } майдони ({ $name }): { $position }-индикатор «{ $value }»; рухсат этилган: { $allowed } (# — бўш жой).
    .summary = Индикатор қиймати белгиланмаган
format-undefined-subfield = { $tag } майдони ({ $name }): ${ $code } қуйи майдони белгиланмаган.
    .summary = Қуйи майдон бу майдон учун белгиланмаган
format-obsolete = { $element ->
    [indicator] { $tag } майдони ({ $name }): { $position }-индикаторнинг «{ $value }» қиймати эскирган.
    [subfield] { $tag } майдони ({ $name }): ${ $code } қуйи майдони эскирган.
    [position] { $tag }/{ $position } ({ $name }): «{ $value }» коди эскирган.
   *[field] { $tag } майдони ({ $name }) эскирган.
}
    .summary = Эскирган майдон, қуйи майдон, индикатор ёки код
format-mandatory-missing = { $element ->
    [field] Мажбурий { $tag } майдони ({ $name }) йўқ.
    [record-type] Бу турдаги ёзув учун мажбурий { $tag } майдони ({ $name }) йўқ (маркер/{ $position } «{ $value }»).
    [record-type-one-of] Бу турдаги ёзув учун (маркер/{ $position } «{ $value }») { $tags } майдонларидан бири мажбурий; ҳеч бири йўқ.
    [coded] { $condition_field }/{ $position } «{ $value }» бўлганда мажбурий { $tag } майдони ({ $name }) йўқ.
    [subfield-one-of] { $tag } майдони ({ $name }) { $codes } қуйи майдонларидан бирини ўз ичига олиши керак; ҳеч бири йўқ.
    [subfield-if-subfield] { $tag } майдони ({ $name }): { $if_code } мавжуд бўлганда мажбурий ${ $code } қуйи майдони йўқ.
    [subfield-if-indicator] { $tag } майдони ({ $name }): 1-индикатор { $value } бўлганда мажбурий ${ $code } қуйи майдони йўқ.
    [subfield-if-repeated] { $tag } майдони ({ $name }): майдон такрорланганда мажбурий ${ $code } қуйи майдони йўқ.
   *[subfield] { $tag } майдони ({ $name }): мажбурий ${ $code } қуйи майдони йўқ.
}
    .summary = Форматда мажбурий майдон ёки қуйи майдон йўқ
format-fixed-field-code = { $tag }/{ $position } ({ $name }): «{ $value }» белгиланган код эмас; рухсат этилган: { $allowed } (# — бўш жой).
    .summary = Қатъий узунликдаги позицияда белгиланмаган код
format-fixed-field-misaligned = { $tag }: мазмун { $shift } белгига силжиган (узунлиги { $length }, { $expected } бўлиши керак): { $name } «{ $value }» { $position } ўрнига { $found_at } да турибди; эҳтимол, { $tag }/{ $from } ва { $tag }/{ $to } орасида белги қўшилган ёки тушиб қолган. { $unchecked } позициялари алоҳида текширилмади.
    .summary = Қатъий узунликдаги майдон қўшилган ёки тушиб қолган белги туфайли силжиган
format-language-code = { $status ->
    [discontinued] { $tag } майдонидаги «{ $value }» тил коди бекор қилинган.
    [malformed] { $tag } ${ $code } даги тил кодлари уч ҳарфдан иборат бўлиши керак: «{ $value }».
   *[unknown] { $tag } майдонидаги «{ $value }» тил коди эмас.
}
    .summary = Тил коди кодлар рўйхатида йўқ
format-country-code = { $status ->
    [discontinued] { $tag } майдонидаги «{ $value }» мамлакат коди бекор қилинган.
    [case] { $tag } майдонидаги «{ $value }» мамлакат коди бош ҳарфлар билан ёзилиши керак.
   *[unknown] { $tag } майдонидаги «{ $value }» мамлакат коди эмас.
}
    .summary = Мамлакат коди кодлар рўйхатида йўқ
format-relator-code = { $status ->
    [discontinued] { $tag } майдонидаги «{ $value }» муносабат коди бекор қилинган.
   *[unknown] { $tag } ${ $code } даги «{ $value }» муносабат коди эмас.
}
    .summary = Муносабат коди кодлар рўйхатида йўқ
format-geographic-area-code = { $status ->
    [discontinued] { $tag } майдонидаги «{ $value }» географик ҳудуд коди бекор қилинган.
   *[unknown] { $tag } майдонидаги «{ $value }» географик ҳудуд коди эмас.
}
    .summary = Географик ҳудуд коди кодлар рўйхатида йўқ
format-linkage-880 = { $reason ->
    [no-880] { $tag } майдони { $value } га боғланган, лекин унга қайтиб боғланган 880 майдони йўқ.
    [no-field] 880 майдони ($6 { $value }) ҳеч қайси { $tag } майдонига боғланмаган.
    [no-linkage] 880 майдонида $6 қуйи майдони йўқ.
    [not-880] { $tag } майдони: $6 «{ $value }» 880 майдонига кўрсатиши керак.
    [script] { $tag } майдони: $6 «{ $value }» даги «{ $script }» ёзув тизими коди эмас.
   *[malformed] { $tag } майдони: $6 «{ $value }» тег-рақам[/ёзув тизими] кўринишида эмас.
}
    .summary = 880 майдон билан боғланиш бузилган
format-embedded-field = { $reason ->
    [before-first] { $tag } майдони: ${ $code } қуйи майдони биринчи ички майдондан ($1) олдин турибди.
    [bad-tag] { $tag } майдони: «{ $value }» ички майдони тег билан бошланмайди.
    [no-indicators] { $tag } майдони: { $embedded } ички майдонида индикаторлар йўқ.
    [undefined-tag] { $tag } майдони: { $embedded } ички майдони белгиланмаган.
    [indicator] { $tag } майдони: { $embedded } ички майдонининг индикатори нотўғри.
    [control-subfield] { $tag } майдони: ${ $code } қуйи майдони ички бошқарув майдонидан кейин келган.
   *[undefined-subfield] { $tag } майдони: ${ $code } қуйи майдони { $embedded } ички майдонида белгиланмаган.
}
    .summary = Ички майдон ($1) нотўғри
format-heading-consistency = { $reason ->
    [several-main-entries] Фақат битта асосий сарлавҳа бўлиши мумкин; { $tag } майдони { $count }-чиси.
    [uniform-title-with-130] Ёзувда 130 майдони бўлса, 240 майдони ишлатилмайди.
   *[added-entry-repeats-main] { $tag } қўшимча сарлавҳаси { $main } асосий сарлавҳасини такрорлайди («{ $value }»).
}
    .summary = Асосий ва қўшимча сарлавҳалар мос эмас
