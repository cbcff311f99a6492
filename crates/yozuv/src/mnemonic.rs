//! MARC mnemonic text (MarcEdit `.mrk` / MARCMaker): `=LDR  …`, `=245  10$a…`.
//!
//! ```
//! use yozuv::{Record, Field, Subfield, Indicators};
//! let mut r = Record::new(Default::default());
//! r.push(Field::data("245", Indicators::new(b'1', b' '), vec![Subfield::new(b'a', "Cost $5")]));
//! assert_eq!(yozuv::mnemonic::to_string(&r), "=LDR  00000nam a2200000 i 4500\n=245  1\\$aCost {dollar}5\n");
//! ```

use crate::leader::escape_bytes;
use crate::{Field, Record};

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '$' => out.push_str("{dollar}"),
            '{' => out.push_str("{lcub}"),
            '}' => out.push_str("{rcub}"),
            c if c.is_control() => out.push_str(&format!("{{{:02x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

/// The record as mnemonic text, one line per field, ending with a newline.
pub fn to_string(record: &Record) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str("=LDR  ");
    escape_bytes(&record.leader.0, &mut out);
    out.push('\n');
    for field in &record.fields {
        out.push('=');
        out.push_str(&field.tag().to_string());
        out.push_str("  ");
        match field {
            Field::Control { value, .. } => {
                for c in value.chars() {
                    match c {
                        ' ' => out.push('\\'),
                        '$' => out.push_str("{dollar}"),
                        c if c.is_control() => out.push_str(&format!("{{{:02x}}}", c as u32)),
                        c => out.push(c),
                    }
                }
            }
            Field::Data {
                indicators,
                subfields,
                ..
            } => {
                out.push_str(&indicators.to_mnemonic());
                for s in subfields {
                    out.push('$');
                    if s.code.is_ascii_graphic() && s.code != b'$' && s.code != b'{' {
                        out.push(s.code as char);
                    } else {
                        out.push_str(&format!("{{{:02x}}}", s.code));
                    }
                    escape_text(&s.value, &mut out);
                }
            }
        }
        out.push('\n');
    }
    out
}
