//! Reads a MARCXML collection with mrrc's `marcxml_to_records` (it takes the whole
//! document as one string) and touches every field and subfield.
use yozuv_bench_peers::{count_mrrc, input_path, Counts};

fn main() {
    let path = input_path();
    let xml = std::fs::read_to_string(&path).expect("read input");
    let mut c = Counts::default();
    match mrrc::marcxml::marcxml_to_records(&xml) {
        Ok(records) => {
            for record in &records {
                count_mrrc(record, &mut c);
            }
        }
        Err(_) => c.errors += 1,
    }
    c.print("mrrc-xml");
}
