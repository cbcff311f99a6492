# Format taʼriflari boʻyicha tekshiruvlar xabarlari (yozuv kreyti, format::check moduli).

format-undefined-tag = { $tag } maydoni bu formatda belgilanmagan.
    .summary = Maydon formatda belgilanmagan
format-field-not-repeatable = { $tag } maydoni ({ $name }) takrorlanmaydi, lekin bir necha marta uchraydi.
    .summary = Takrorlanmaydigan maydon takrorlangan
format-subfield-not-repeatable = { $tag } maydoni ({ $name }): ${ $code } quyi maydoni takrorlanmaydi, lekin bir necha marta uchraydi.
    .summary = Takrorlanmaydigan quyi maydon takrorlangan
format-invalid-indicator = { $tag } maydoni ({ $name }): { $position }-indikator «{ $value }»; ruxsat etilgan: { $allowed } (# — boʻsh joy).
    .summary = Indikator qiymati belgilanmagan
format-undefined-subfield = { $tag } maydoni ({ $name }): ${ $code } quyi maydoni belgilanmagan.
    .summary = Quyi maydon bu maydon uchun belgilanmagan
format-obsolete = { $element ->
    [indicator] { $tag } maydoni ({ $name }): { $position }-indikatorning «{ $value }» qiymati eskirgan.
    [subfield] { $tag } maydoni ({ $name }): ${ $code } quyi maydoni eskirgan.
    [position] { $tag }/{ $position } ({ $name }): «{ $value }» kodi eskirgan.
   *[field] { $tag } maydoni ({ $name }) eskirgan.
}
    .summary = Eskirgan maydon, quyi maydon, indikator yoki kod
format-mandatory-missing = { $element ->
    [field] Majburiy { $tag } maydoni ({ $name }) yoʻq.
    [record-type] Bu turdagi yozuv uchun majburiy { $tag } maydoni ({ $name }) yoʻq (marker/{ $position } «{ $value }»).
    [record-type-one-of] Bu turdagi yozuv uchun (marker/{ $position } «{ $value }») { $tags } maydonlaridan biri majburiy; hech biri yoʻq.
    [coded] { $condition_field }/{ $position } «{ $value }» boʻlganda majburiy { $tag } maydoni ({ $name }) yoʻq.
    [subfield-one-of] { $tag } maydoni ({ $name }) { $codes } quyi maydonlaridan birini oʻz ichiga olishi kerak; hech biri yoʻq.
    [subfield-if-subfield] { $tag } maydoni ({ $name }): { $if_code } mavjud boʻlganda majburiy ${ $code } quyi maydoni yoʻq.
    [subfield-if-indicator] { $tag } maydoni ({ $name }): 1-indikator { $value } boʻlganda majburiy ${ $code } quyi maydoni yoʻq.
    [subfield-if-repeated] { $tag } maydoni ({ $name }): maydon takrorlanganda majburiy ${ $code } quyi maydoni yoʻq.
   *[subfield] { $tag } maydoni ({ $name }): majburiy ${ $code } quyi maydoni yoʻq.
}
    .summary = Formatda majburiy maydon yoki quyi maydon yoʻq
format-fixed-field-code = { $tag }/{ $position } ({ $name }): «{ $value }» belgilangan kod emas; ruxsat etilgan: { $allowed } (# — boʻsh joy).
    .summary = Qatʼiy uzunlikdagi pozitsiyada belgilanmagan kod
format-fixed-field-misaligned = { $tag }: mazmun { $shift } belgiga siljigan (uzunligi { $length }, { $expected } boʻlishi kerak): { $name } «{ $value }» { $position } oʻrniga { $found_at } da turibdi; ehtimol, { $tag }/{ $from } va { $tag }/{ $to } orasida belgi qoʻshilgan yoki tushib qolgan. { $unchecked } pozitsiyalari alohida tekshirilmadi.
    .summary = Qatʼiy uzunlikdagi maydon qoʻshilgan yoki tushib qolgan belgi tufayli siljigan
format-language-code = { $status ->
    [discontinued] { $tag } maydonidagi «{ $value }» til kodi bekor qilingan.
    [malformed] { $tag } ${ $code } dagi til kodlari uch harfdan iborat boʻlishi kerak: «{ $value }».
   *[unknown] { $tag } maydonidagi «{ $value }» til kodi emas.
}
    .summary = Til kodi kodlar roʻyxatida yoʻq
format-country-code = { $status ->
    [discontinued] { $tag } maydonidagi «{ $value }» mamlakat kodi bekor qilingan.
    [case] { $tag } maydonidagi «{ $value }» mamlakat kodi bosh harflar bilan yozilishi kerak.
   *[unknown] { $tag } maydonidagi «{ $value }» mamlakat kodi emas.
}
    .summary = Mamlakat kodi kodlar roʻyxatida yoʻq
format-relator-code = { $status ->
    [discontinued] { $tag } maydonidagi «{ $value }» munosabat kodi bekor qilingan.
   *[unknown] { $tag } ${ $code } dagi «{ $value }» munosabat kodi emas.
}
    .summary = Munosabat kodi kodlar roʻyxatida yoʻq
format-geographic-area-code = { $status ->
    [discontinued] { $tag } maydonidagi «{ $value }» geografik hudud kodi bekor qilingan.
   *[unknown] { $tag } maydonidagi «{ $value }» geografik hudud kodi emas.
}
    .summary = Geografik hudud kodi kodlar roʻyxatida yoʻq
format-linkage-880 = { $reason ->
    [no-880] { $tag } maydoni { $value } ga bogʻlangan, lekin unga qaytib bogʻlangan 880 maydoni yoʻq.
    [no-field] 880 maydoni ($6 { $value }) hech qaysi { $tag } maydoniga bogʻlanmagan.
    [no-linkage] 880 maydonida $6 quyi maydoni yoʻq.
    [not-880] { $tag } maydoni: $6 «{ $value }» 880 maydoniga koʻrsatishi kerak.
    [script] { $tag } maydoni: $6 «{ $value }» dagi «{ $script }» yozuv tizimi kodi emas.
   *[malformed] { $tag } maydoni: $6 «{ $value }» teg-raqam[/yozuv tizimi] koʻrinishida emas.
}
    .summary = 880 maydon bilan bogʻlanish buzilgan
format-embedded-field = { $reason ->
    [before-first] { $tag } maydoni: ${ $code } quyi maydoni birinchi ichki maydondan ($1) oldin turibdi.
    [bad-tag] { $tag } maydoni: «{ $value }» ichki maydoni teg bilan boshlanmaydi.
    [no-indicators] { $tag } maydoni: { $embedded } ichki maydonida indikatorlar yoʻq.
    [undefined-tag] { $tag } maydoni: { $embedded } ichki maydoni belgilanmagan.
    [indicator] { $tag } maydoni: { $embedded } ichki maydonining indikatori notoʻgʻri.
    [control-subfield] { $tag } maydoni: ${ $code } quyi maydoni ichki boshqaruv maydonidan keyin kelgan.
   *[undefined-subfield] { $tag } maydoni: ${ $code } quyi maydoni { $embedded } ichki maydonida belgilanmagan.
}
    .summary = Ichki maydon ($1) notoʻgʻri
format-heading-consistency = { $reason ->
    [several-main-entries] Faqat bitta asosiy sarlavha boʻlishi mumkin; { $tag } maydoni { $count }-chisi.
    [uniform-title-with-130] Yozuvda 130 maydoni boʻlsa, 240 maydoni ishlatilmaydi.
   *[added-entry-repeats-main] { $tag } qoʻshimcha sarlavhasi { $main } asosiy sarlavhasini takrorlaydi («{ $value }»).
}
    .summary = Asosiy va qoʻshimcha sarlavhalar mos emas
