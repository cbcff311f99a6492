//! Decodes a MARC-8 ISO 2709 file to UTF-8 with mrrc's MARC-8 decoder.
//!
//! mrrc's `MarcReader` turns field bytes into `String`s with a lossy UTF-8 decode and does
//! not apply MARC-8, so the records are framed with the `marc` crate (cheap: it only slices
//! the directory) and every control field and every subfield value is decoded with
//! `mrrc::encoding::decode_bytes(_, MarcEncoding::Marc8)`, giving owned UTF-8 strings as a
//! decoded record would hold.
use std::{fs::File, io::BufReader};

use mrrc::encoding::{decode_bytes, MarcEncoding};
use yozuv_bench_peers::{input_path, Counts};

fn main() {
    let path = input_path();
    let file = BufReader::with_capacity(256 * 1024, File::open(&path).expect("open input"));
    let mut c = Counts::default();
    let mut decode_errors = 0u64;
    let mut decode = |bytes: &[u8], c: &mut Counts| match decode_bytes(bytes, MarcEncoding::Marc8) {
        Ok(s) => c.value_bytes += std::hint::black_box(s).len() as u64,
        Err(_) => decode_errors += 1,
    };
    for record in marc::Records::new(file) {
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                c.errors += 1;
                break;
            }
        };
        c.records += 1;
        for field in record.fields() {
            c.fields += 1;
            let tag = field.get_tag();
            if tag.0[0] == b'0' && tag.0[1] == b'0' {
                decode(field.get_data::<[u8]>(), &mut c);
            } else {
                for sf in field.subfields() {
                    c.subfields += 1;
                    decode(sf.get_data::<[u8]>(), &mut c);
                }
            }
        }
    }
    c.print("mrrc-marc8");
    println!("mrrc-marc8: decode_errors={decode_errors}");
}
