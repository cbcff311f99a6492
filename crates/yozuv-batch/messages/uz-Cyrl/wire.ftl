# yozuv::format ва yozuv-udc қоидалари хабарлари.
flavour-uncertain = Ёзув формати аниқ белгиларсиз { $flavour } деб аниқланди: { $evidence }
    .summary = Ёзув формати ноаниқ
udc-fixable = УЎК индекси «{ $value }» тузатилгандан кейин тўғри: { $normalized } ({ $reason })
    .summary = УЎК индекси механик тузатишни талаб қилади
udc-not-udc = УЎК қуйи майдони «{ $value }» УЎК бўлмаган матнни ўз ичига олади: «{ $text }»
    .summary = УЎК қуйи майдонида УЎК бўлмаган матн
input-syntax = { $format } ёзувини ўқиб бўлмайди: { $detail }
    .summary = Ўқиб бўлмайдиган MARCXML ёки MARC-in-JSON ёзуви
