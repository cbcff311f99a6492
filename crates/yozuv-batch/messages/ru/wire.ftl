# Сообщения правил из yozuv::format и yozuv-udc.
flavour-uncertain = Формат записи определён как { $flavour } без ясных признаков: { $evidence }
    .summary = Формат записи определён неуверенно
udc-fixable = Индекс УДК «{ $value }» верен после исправления: { $normalized } ({ $reason })
    .summary = Индекс УДК требует механического исправления
udc-not-udc = Подполе УДК «{ $value }» содержит текст, не являющийся УДК: «{ $text }»
    .summary = Текст, не являющийся УДК, в подполе УДК
input-syntax = Запись { $format } не читается: { $detail }
    .summary = Нечитаемая запись MARCXML или MARC-in-JSON
