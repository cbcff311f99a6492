//! What may stand between the records of a MARC 21 slim `<collection>`: the schema's
//! `collection` element holds only `record` elements, so between (and after) them there may
//! be white space, comments and processing instructions, and after the last one the
//! `</collection>` end tag — anything else (text, other elements) is stray content, which
//! the reader reports instead of skipping silently.

/// The span `(start, end)` (indices into `bytes`, end exclusive) from the first to the last
/// byte of stray content in `bytes`, the input between two records (or after the last one,
/// when `closing`: then one `</collection>` / `</prefix:collection>` end tag is allowed).
/// `None` when there is none.
///
/// Stray content is any text other than white space, and any markup other than comments
/// and processing instructions. Trailing white space of a text run is not stray.
pub(super) fn stray_span(bytes: &[u8], closing: bool) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    let mut closed = false;
    let mut i = 0;
    let mut mark = |start: usize, end: usize| {
        span = Some(match span {
            Some((s, _)) => (s, end),
            None => (start, end),
        });
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b != b'<' {
            // A text run up to the next markup; its trailing white space is not counted.
            let next = memchr::memchr(b'<', &bytes[i..]).map_or(bytes.len(), |k| i + k);
            let end = bytes[i..next]
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
                .map_or(next, |k| i + k + 1);
            mark(i, end);
            i = next;
            continue;
        }
        let rest = &bytes[i..];
        let (allowed, len) = if rest.starts_with(b"<!--") {
            match memchr::memmem::find(&rest[4..], b"-->") {
                Some(k) => (true, 4 + k + 3),
                None => (false, rest.len()),
            }
        } else if rest.starts_with(b"<?") {
            match memchr::memmem::find(&rest[2..], b"?>") {
                Some(k) => (true, 2 + k + 2),
                None => (false, rest.len()),
            }
        } else {
            let len = memchr::memchr(b'>', rest).map_or(rest.len(), |k| k + 1);
            let ok = closing && !closed && is_collection_end(&rest[..len]);
            closed |= ok;
            (ok, len)
        };
        if !allowed {
            mark(i, i + len);
        }
        i += len;
    }
    span
}

/// `</collection>` or `</prefix:collection>`, with optional white space before `>`.
fn is_collection_end(tag: &[u8]) -> bool {
    let Some(inner) = tag.strip_prefix(b"</").and_then(|t| t.strip_suffix(b">")) else {
        return false;
    };
    let name = inner.trim_ascii_end();
    local_name(name) == b"collection"
}

fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b':', name) {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Whether the innermost element open at the end of `prologue` (the input before the first
/// record) is a `collection`: only then are records siblings in a MARC 21 slim collection
/// whose gaps are checked (a record in an envelope — OAI-PMH, SRU — has the envelope's
/// markup around it, which is not stray).
pub(super) fn parent_is_collection(prologue: &[u8]) -> bool {
    let mut open: Vec<&[u8]> = Vec::new();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &prologue[i..]) {
        let rest = &prologue[i + k..];
        let (len, name) = if rest.starts_with(b"<!--") {
            match memchr::memmem::find(&rest[4..], b"-->") {
                Some(e) => (4 + e + 3, None),
                None => return false,
            }
        } else if rest.starts_with(b"<?") {
            match memchr::memmem::find(&rest[2..], b"?>") {
                Some(e) => (2 + e + 2, None),
                None => return false,
            }
        } else {
            let Some(e) = memchr::memchr(b'>', rest) else {
                return false;
            };
            (e + 1, Some(&rest[..e + 1]))
        };
        i += k + len;
        let Some(tag) = name else { continue };
        if tag.starts_with(b"<!") {
            continue; // a DOCTYPE
        }
        if let Some(end) = tag.strip_prefix(b"</") {
            let end = end.strip_suffix(b">").unwrap_or(end).trim_ascii_end();
            if open.last() == Some(&end) {
                open.pop();
            } else {
                return false;
            }
        } else if !tag.ends_with(b"/>") {
            let body = &tag[1..tag.len() - 1];
            let n = body
                .iter()
                .position(|c| c.is_ascii_whitespace())
                .unwrap_or(body.len());
            open.push(&body[..n]);
        }
    }
    open.last()
        .is_some_and(|name| local_name(name) == b"collection")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_white_space_comments_and_instructions_are_allowed() {
        assert_eq!(stray_span(b"\n  <!-- x <y> -->\n<?pi z?>\t", false), None);
        assert_eq!(
            stray_span(b"\nSTRAY TEXT <foo>bar</foo>\n", false),
            Some((1, 26))
        );
        assert_eq!(stray_span(b"<foo/>", false), Some((0, 6)));
        assert_eq!(stray_span(b"\n</collection>\n", true), None);
        assert_eq!(stray_span(b"\n</marc:collection >\n", true), None);
        assert_eq!(stray_span(b"</collection>", false), Some((0, 13)));
        assert_eq!(
            stray_span(b"</collection>\n</collection>", true),
            Some((14, 27))
        );
        assert_eq!(stray_span(b"\n</collection>\nx\n", true), Some((15, 16)));
    }

    #[test]
    fn collection_parent() {
        assert!(parent_is_collection(
            b"<?xml version=\"1.0\"?>\n<!-- c -->\n<marc:collection xmlns:marc=\"x\">\n  "
        ));
        assert!(!parent_is_collection(b"<?xml version=\"1.0\"?>\n"));
        assert!(!parent_is_collection(
            b"<OAI-PMH><ListRecords><record><metadata>"
        ));
        assert!(!parent_is_collection(b"<collection><a></b>"));
    }
}
