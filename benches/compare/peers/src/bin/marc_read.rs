//! Reads an ISO 2709 file with the `marc` crate and touches every field and subfield.
use std::{fs::File, io::BufReader};

use yozuv_bench_peers::{input_path, Counts};

fn main() {
    let path = input_path();
    let file = BufReader::with_capacity(256 * 1024, File::open(&path).expect("open input"));
    let mut c = Counts::default();
    // `Records` stops at the first error, so an error here ends the count.
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
                c.value_bytes += field.get_data::<[u8]>().len() as u64;
            } else {
                std::hint::black_box(field.get_data::<[u8]>().get(..2));
                for sf in field.subfields() {
                    c.subfields += 1;
                    std::hint::black_box(sf.get_identifier());
                    c.value_bytes += sf.get_data::<[u8]>().len() as u64;
                }
            }
        }
    }
    c.print("marc");
}
