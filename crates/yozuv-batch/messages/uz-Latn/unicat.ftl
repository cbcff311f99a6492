# uz-unicat profili tekshiruvlari (data/rules.toml).

source-date = Yozuv manbai sanasi 801$c "{ $value }" YYYYOOKK koʻrinishidagi sana emas
    .summary = Yozuv manbai sanasi 801$c YYYYOOKK emas
source-incomplete = { $problem ->
        [no-transcribing] 040 maydonida yozuvni oʻgirgan tashkilot ($c) yoʻq
       *[other] Yozuv manbai 801 maydonida $c sana (YYYYOOKK) yoʻq
    }
    .summary = Yozuv manbai (801 / 040) toʻliq emas
country-publication = { $problem ->
        [missing] Nashr mamlakati koʻrsatilmagan (UNIMARC 102$a, MARC 21 008/15-17)
       *[other] Nashr mamlakati "{ $value }" notoʻgʻri kod
    }
    .summary = Nashr mamlakati yoʻq yoki notoʻgʻri
responsibility-access-point = Masʼuliyat maʼlumoti "{ $value }" shaxsni nomlaydi, lekin yozuvda shaxs nomi boʻyicha kirish nuqtasi yoʻq ({ $tags })
    .summary = Shaxs kirish nuqtasisiz nomlangan
year-publication = { $problem ->
        [form] Nashr sanasi "{ $value }" da toʻrt raqamli yil yoʻq
        [future] Nashr yili "{ $value }" kelajakda
       *[other] Nashr yili "{ $value }" kodlangan sana { $expected } bilan mos emas
    }
    .summary = Nashr yili notoʻgʻri yoki mos emas
isbn-group = { $problem ->
        [unknown-group] ISBN "{ $value }": hech bir ISBN roʻyxatga olish guruhi uni qamramaydi
       *[other] ISBN "{ $value }": chiziqchalar roʻyxatga olish guruhi { $expected } ({ $name }) ni notoʻgʻri ajratadi
    }
    .summary = ISBN roʻyxatga olish guruhi nomaʼlum yoki notoʻgʻri ajratilgan
bbk-syntax = KBK (BBK) indeksi "{ $value }" { $position }-belgida notatsiyani buzadi ({ $problem ->
        [empty] boʻsh indeks
        [space] indeks ichida boʻshliq
        [latin-letter] lotin harfi, ehtimol kirill harfi oʻrniga
        [character] KBK belgisi boʻlmagan belgi
        [main-class] indeks asosiy boʻlim bilan boshlanmaydi
        [udc-like] birinchi nuqtagacha uch raqam: UOʻK indeksimi?
        [dot] raqamlar orasida boʻlmagan nuqta
        [digit-group] nuqtalar orasidagi raqamlar guruhi uch raqamdan iborat
        [brackets] juftsiz yoki boʻsh qavslar
        [dangling] davomi yoʻq bogʻlovchi belgi
       *[other] raqamsiz "я" tipik boʻlinmasi
    })
    .summary = KBK (BBK) indeksi sintaksisi
text-declared-script = 100$a/34-35 sarlavha yozuvini { $declared } deb koʻrsatadi, lekin 200$a "{ $value }" asosan { $script ->
        [latin] lotin
       *[other] kirill
    } yozuvida
    .summary = Koʻrsatilgan sarlavha yozuvi sarlavhaga mos emas
text-language-letters = { $problem ->
        [uzbek-in-russian] "{ $word }" da oʻzbek kirill harflari bor, lekin yozuv tili { $code }
       *[other] "{ $word }" da faqat rus alifbosidagi harflar bor, lekin yozuv tili { $code }
    }
    .summary = Til kodidagidan boshqa til harflari
punctuation-isbd = { $problem ->
        [at-end] "{ $value }" "{ $char }" bilan tugaydi: UNIMARC ISBD tinish belgilarini kichik maydonlar orasida oʻzi qoʻyadi
       *[other] "{ $value }" da "{ $char }" ikki marta yozilgan
    }
    .summary = ISBD tinish belgisi qoldirilgan yoki takrorlangan
holdings-sigla = "{ $value }" siglasi ishtirokchilar reyestrida yoʻq ({ $count } ta kod maʼlum)
    .summary = Nomaʼlum ishtirokchi siglasi
link-target-missing = { $known ->
    [yes] Bogʻlangan yozuv "{ $value }" paketda ham, maʼlum identifikatorlar roʻyxatida ham yoʻq
   *[no] Bogʻlangan yozuv "{ $value }" paketda yoʻq
}
    .summary = Paketda yoʻq yozuvga bogʻlanish
