# yozuv::format va yozuv-udc qoidalari xabarlari.
flavour-uncertain = Yozuv formati aniq belgilarsiz { $flavour } deb aniqlandi: { $evidence }
    .summary = Yozuv formati noaniq
udc-fixable = UOʻK indeksi «{ $value }» tuzatilgandan keyin toʻgʻri: { $normalized } ({ $reason })
    .summary = UOʻK indeksi mexanik tuzatishni talab qiladi
udc-not-udc = UOʻK quyi maydoni «{ $value }» UOʻK boʻlmagan matnni oʻz ichiga oladi: «{ $text }»
    .summary = UOʻK quyi maydonida UOʻK boʻlmagan matn
input-syntax = { $format } yozuvini oʻqib boʻlmaydi: { $detail }
    .summary = Oʻqib boʻlmaydigan MARCXML yoki MARC-in-JSON yozuvi
