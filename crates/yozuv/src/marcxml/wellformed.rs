//! Whether a record element's bytes are well-formed XML on their own, as they would stand
//! inside a document (for the pass-through: a rejected record is copied byte for byte into a
//! document of rejected records, which a record that is not well-formed would spoil).

use quick_xml::events::Event;

/// The encoding the XML declaration at the start of `head` names (`None`: no declaration or
/// no `encoding`, which means UTF-8 or UTF-16 by its byte order mark).
fn declared_encoding(head: &[u8]) -> Option<&[u8]> {
    let head = head.trim_ascii_start();
    let decl = head.strip_prefix(b"<?xml")?;
    let end = memchr::memmem::find(decl, b"?>")?;
    let decl = &decl[..end];
    let at = memchr::memmem::find(decl, b"encoding")?;
    let rest = decl[at + 8..].trim_ascii_start().strip_prefix(b"=")?;
    let rest = rest.trim_ascii_start();
    let quote = *rest.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[1..];
    let close = memchr::memchr(quote, value)?;
    Some(&value[..close])
}

/// Whether `head` (the start of the document the element goes into: its XML declaration and
/// collection start tag) declares UTF-8, or nothing (so UTF-8).
fn is_utf8_document(head: &[u8]) -> bool {
    declared_encoding(head).map_or(true, |e| e.eq_ignore_ascii_case(b"utf-8"))
}

/// A character XML 1.0 does not allow in a document at all.
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Character data (escaped, as in the input) that XML allows: every `&` starts one of the
/// five predefined entities or a character reference to an allowed character, and no
/// character is forbidden. Entities a DTD would define are not allowed (a record element has
/// no DTD of its own, and MARCXML documents have none).
fn text_is_allowed(raw: &str) -> bool {
    if raw.chars().any(forbidden) {
        return false;
    }
    match quick_xml::escape::unescape(raw) {
        Ok(text) => !text.chars().any(forbidden),
        Err(_) => false,
    }
}

/// Whether `element` — one record element's bytes as they were in the input, from the `<` of
/// its start tag to the `>` of its end tag — is well-formed XML, so that a document made of
/// `head`, such elements and the collection end tag is well-formed too. `head` is that
/// document's start (its XML declaration says the encoding: with UTF-8 or none, the element
/// must be valid UTF-8; with another encoding its bytes are not judged as characters).
///
/// Checked: one element with matching start and end tags and nothing but white space around
/// it; well-formed attributes (quoted, no duplicates, no `<` in a value); comments, CDATA
/// sections and processing instructions closed; entity and character references that XML
/// defines without a DTD; no character XML 1.0 forbids; no DOCTYPE. Not checked: whether
/// names are valid XML names and whether namespace prefixes are declared (those of the
/// collection start tag are, as the document keeps it).
///
/// ```
/// let head = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection>\n";
/// assert!(yozuv::marcxml::is_well_formed_record(b"<record><leader>x</leader></record>", head));
/// assert!(!yozuv::marcxml::is_well_formed_record(b"<record><leader>x</record>", head));
/// assert!(!yozuv::marcxml::is_well_formed_record(b"<record>AT&T</record>", head));
/// ```
pub fn is_well_formed_record(element: &[u8], head: &[u8]) -> bool {
    let utf8 = is_utf8_document(head);
    if utf8 && std::str::from_utf8(element).is_err() {
        return false;
    }
    let mut xml = quick_xml::Reader::from_reader(element);
    let config = xml.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    config.check_comments = true;
    config.allow_unmatched_ends = false;
    config.expand_empty_elements = false;
    let mut depth = 0usize;
    let mut closed = false;
    let allowed = |raw: &[u8]| -> bool {
        match std::str::from_utf8(raw) {
            Ok(s) => text_is_allowed(s),
            // Another encoding: only the markup can be judged.
            Err(_) => !utf8,
        }
    };
    loop {
        let event = match xml.read_event() {
            Ok(e) => e,
            Err(_) => return false,
        };
        match event {
            Event::Eof => return closed && depth == 0,
            Event::Start(_) | Event::Empty(_) if closed => return false,
            Event::Start(ref e) | Event::Empty(ref e) => {
                for attribute in e.attributes().with_checks(true) {
                    match attribute {
                        Ok(a) if !a.value.contains(&b'<') && allowed(&a.value) => {}
                        _ => return false,
                    }
                }
                // Attributes without a value or without quotes are errors above; a tag cut by
                // the end of the bytes is a syntax error of the reader.
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                } else if depth == 0 {
                    closed = true;
                }
            }
            Event::End(_) => {
                depth = match depth.checked_sub(1) {
                    Some(d) => d,
                    None => return false,
                };
                if depth == 0 {
                    closed = true;
                }
            }
            Event::Text(t) => {
                if depth == 0 {
                    if !t.iter().all(u8::is_ascii_whitespace) {
                        return false;
                    }
                } else if !allowed(&t) {
                    return false;
                }
            }
            Event::CData(t) => {
                if depth == 0 {
                    return false;
                }
                if let Ok(s) = std::str::from_utf8(&t) {
                    if s.chars().any(forbidden) {
                        return false;
                    }
                } else if utf8 {
                    return false;
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Decl(_) | Event::DocType(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<marc:collection xmlns:marc=\"http://www.loc.gov/MARC21/slim\">\n";

    #[test]
    fn well_formed_records() {
        for ok in [
            &b"<record/>"[..],
            b"<marc:record><marc:leader>00000nam a2200000   4500</marc:leader></marc:record>",
            b"<record type=\"Bibliographic\"><!-- c --><?pi x?><datafield tag=\"245\" ind1=\"1\" ind2=\"0\"><subfield code=\"a\">A &amp; B &#x41; &lt;x&gt;</subfield></datafield></record>",
            b"<record><subfield code='a'><![CDATA[a < b]]></subfield></record>",
            b"\n  <record>\xd0\x9a\xd0\xbe\xd0\xbd\xd0\xb2\xd0\xbe\xd0\xbb\xd1\x8e\xd1\x82</record>\n",
            b"<record><?yozuv-char 1B?></record>",
        ] {
            assert!(is_well_formed_record(ok, HEAD), "{}", String::from_utf8_lossy(ok));
        }
    }

    #[test]
    fn records_that_are_not_well_formed() {
        for bad in [
            &b"<record><leader>x</record>"[..],
            b"<record><datafield tag=\"245\"><subfield code=\"a\">x</datafield></record>",
            b"<record>AT&T</record>",
            b"<record>&nbsp;</record>",
            b"<record>&#1;</record>",
            b"<record>\x1b</record>",
            b"<record><subfield code=a>x</subfield></record>",
            b"<record><subfield code=\"a\" code=\"b\">x</subfield></record>",
            b"<record><subfield code=\"<\">x</subfield></record>",
            b"<record><!-- a -- b --></record>",
            b"<record>x</record></record>",
            b"<record>x</record><record/>",
            b"text<record/>",
            b"<record><![CDATA[x</record>",
            b"<record><leader>\xff</leader></record>",
            b"<record>",
        ] {
            assert!(
                !is_well_formed_record(bad, HEAD),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn encodings() {
        assert_eq!(declared_encoding(HEAD), Some(&b"UTF-8"[..]));
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'windows-1251'?><collection>"),
            Some(&b"windows-1251"[..])
        );
        assert_eq!(declared_encoding(b"<collection>"), None);
        // A windows-1251 document: its bytes are not UTF-8, and that is fine.
        let cp1251 = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<collection>\n";
        assert!(is_well_formed_record(
            b"<record>\xca\xee\xed</record>",
            cp1251
        ));
        assert!(!is_well_formed_record(
            b"<record>\xca\xee\xed</record>",
            HEAD
        ));
        assert!(!is_well_formed_record(b"<record>\xca</leader>", cp1251));
    }
}
