# Сообщения проверок по определениям формата (крейт yozuv, модуль format::check).

format-undefined-tag = Поле { $tag } не определено в этом формате.
    .summary = Поле не определено в формате
format-field-not-repeatable = Поле { $tag } ({ $name }) неповторяемое, но встречается несколько раз.
    .summary = Неповторяемое поле повторено
format-subfield-not-repeatable = Поле { $tag } ({ $name }): подполе ${ $code } неповторяемое, но встречается несколько раз.
    .summary = Неповторяемое подполе повторено
format-invalid-indicator = Поле { $tag } ({ $name }): индикатор { $position } равен «{ $value }»; допустимо: { $allowed } (# — пробел).
    .summary = Недопустимое значение индикатора
format-undefined-subfield = Поле { $tag } ({ $name }): подполе ${ $code } не определено.
    .summary = Подполе не определено для поля
format-obsolete = { $element ->
    [indicator] Поле { $tag } ({ $name }): значение «{ $value }» индикатора { $position } устарело.
    [subfield] Поле { $tag } ({ $name }): подполе ${ $code } устарело.
    [position] { $tag }/{ $position } ({ $name }): код «{ $value }» устарел.
   *[field] Поле { $tag } ({ $name }) устарело.
}
    .summary = Устаревшее поле, подполе, индикатор или код
format-mandatory-missing = { $element ->
    [field] Отсутствует обязательное поле { $tag } ({ $name }).
    [record-type] Отсутствует поле { $tag } ({ $name }), обязательное для записей этого вида (маркер/{ $position } «{ $value }»).
    [record-type-one-of] Для записей этого вида (маркер/{ $position } «{ $value }») обязательно одно из полей { $tags }; нет ни одного.
    [coded] Отсутствует поле { $tag } ({ $name }), обязательное, когда { $condition_field }/{ $position } содержит «{ $value }».
    [subfield-one-of] Поле { $tag } ({ $name }) должно содержать одно из подполей { $codes }; нет ни одного.
    [subfield-if-subfield] Поле { $tag } ({ $name }): отсутствует подполе ${ $code }, обязательное при наличии { $if_code }.
    [subfield-if-indicator] Поле { $tag } ({ $name }): отсутствует подполе ${ $code }, обязательное при индикаторе 1 = { $value }.
    [subfield-if-repeated] Поле { $tag } ({ $name }): отсутствует подполе ${ $code }, обязательное при повторении поля.
   *[subfield] Поле { $tag } ({ $name }): отсутствует обязательное подполе ${ $code }.
}
    .summary = Нет обязательного по формату поля или подполя
format-fixed-field-code = { $tag }/{ $position } ({ $name }): «{ $value }» — неопределённый код; допустимо: { $allowed } (# — пробел).
    .summary = Недопустимый код в позиции фиксированной длины
format-fixed-field-misaligned = { $tag }: содержимое сдвинуто на { $shift } симв. (длина { $length }, должно быть { $expected }): { $name } «{ $value }» стоит в позициях { $found_at } вместо { $position }; вероятно, символ вставлен или пропущен между { $tag }/{ $from } и { $tag }/{ $to }. Позиции { $unchecked } по отдельности не проверялись.
    .summary = Поле фиксированной длины сдвинуто вставленным или пропущенным символом
format-language-code = { $status ->
    [discontinued] Код языка «{ $value }» в поле { $tag } упразднён.
    [malformed] Коды языков в поле { $tag } ${ $code } должны состоять из трёх букв: «{ $value }».
   *[unknown] «{ $value }» в поле { $tag } — не код языка.
}
    .summary = Код языка не из списка кодов
format-country-code = { $status ->
    [discontinued] Код страны «{ $value }» в поле { $tag } упразднён.
    [case] Код страны «{ $value }» в поле { $tag } должен быть записан заглавными буквами.
   *[unknown] «{ $value }» в поле { $tag } — не код страны.
}
    .summary = Код страны не из списка кодов
format-relator-code = { $status ->
    [discontinued] Код отношения «{ $value }» в поле { $tag } упразднён.
   *[unknown] «{ $value }» в поле { $tag } ${ $code } — не код отношения.
}
    .summary = Код отношения не из списка кодов
format-geographic-area-code = { $status ->
    [discontinued] Код географического региона «{ $value }» в поле { $tag } упразднён.
   *[unknown] «{ $value }» в поле { $tag } — не код географического региона.
}
    .summary = Код географического региона не из списка кодов
format-linkage-880 = { $reason ->
    [no-880] Поле { $tag } ссылается на { $value }, но нет поля 880 с обратной связью.
    [no-field] Поле 880 ($6 { $value }) не связано ни с одним полем { $tag }.
    [no-linkage] В поле 880 нет подполя $6.
    [not-880] Поле { $tag }: подполе $6 «{ $value }» должно указывать на поле 880.
    [script] Поле { $tag }: «{ $script }» в $6 «{ $value }» — не код письменности.
   *[malformed] Поле { $tag }: подполе $6 «{ $value }» не имеет вида метка-номер[/письменность].
}
    .summary = Нарушена связь с полем 880 (альтернативная графика)
format-embedded-field = { $reason ->
    [before-first] Поле { $tag }: подполе ${ $code } стоит перед первым встроенным полем ($1).
    [bad-tag] Поле { $tag }: встроенное поле «{ $value }» не начинается с метки.
    [no-indicators] Поле { $tag }: у встроенного поля { $embedded } нет индикаторов.
    [undefined-tag] Поле { $tag }: встроенное поле { $embedded } не определено.
    [indicator] Поле { $tag }: у встроенного поля { $embedded } недопустимый индикатор.
    [control-subfield] Поле { $tag }: подполе ${ $code } следует за встроенным управляющим полем.
   *[undefined-subfield] Поле { $tag }: подполе ${ $code } не определено во встроенном поле { $embedded }.
}
    .summary = Неправильное встроенное поле ($1)
format-heading-consistency = { $reason ->
    [several-main-entries] Допускается только одна основная точка доступа; поле { $tag } — уже { $count }-я.
    [uniform-title-with-130] Поле 240 не используется, если в записи есть поле 130.
   *[added-entry-repeats-main] Дополнительная точка доступа { $tag } повторяет основную { $main } («{ $value }»).
}
    .summary = Основная и добавочные записи не согласованы
