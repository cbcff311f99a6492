# Messages of the rules wired in from yozuv::format and yozuv-udc.
flavour-uncertain = Flavour detected as { $flavour } without clear evidence: { $evidence }
    .summary = Record flavour uncertain
udc-fixable = UDC notation "{ $value }" is valid once repaired: { $normalized } ({ $reason })
    .summary = UDC notation needs a mechanical repair
udc-not-udc = UDC subfield "{ $value }" holds text that is not UDC: "{ $text }"
    .summary = Text that is not UDC in the UDC subfield
input-syntax = { $format } record cannot be read: { $detail }
    .summary = Unreadable MARCXML or MARC-in-JSON record
