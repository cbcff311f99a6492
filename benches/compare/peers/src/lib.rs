//! What every peer binary prints: the same counts as `yozuv stats`, so a run can check
//! that all readers saw the same records, fields and subfields.

/// Totals accumulated while touching every field and subfield.
#[derive(Default, Debug)]
pub struct Counts {
    /// Records read.
    pub records: u64,
    /// Fields (control and data).
    pub fields: u64,
    /// Subfields of data fields.
    pub subfields: u64,
    /// Bytes of field and subfield values touched (a checksum against dead-code elimination).
    pub value_bytes: u64,
    /// Records the reader refused.
    pub errors: u64,
}

impl Counts {
    /// Prints the counts on one line.
    pub fn print(&self, reader: &str) {
        println!(
            "{reader}: records={} fields={} subfields={} value_bytes={} errors={}",
            self.records, self.fields, self.subfields, self.value_bytes, self.errors
        );
    }
}

/// The single command-line argument: the input file.
pub fn input_path() -> String {
    match std::env::args().nth(1) {
        Some(p) => p,
        None => {
            eprintln!(
                "usage: {} FILE",
                std::env::args().next().unwrap_or_default()
            );
            std::process::exit(2);
        }
    }
}

/// Counts one mrrc record: every control field and every subfield of every data field.
pub fn count_mrrc(record: &mrrc::Record, c: &mut Counts) {
    c.records += 1;
    for values in record.control_fields.values() {
        for v in values {
            c.fields += 1;
            c.value_bytes += v.len() as u64;
        }
    }
    for field in record.fields() {
        c.fields += 1;
        std::hint::black_box((field.indicator1, field.indicator2));
        for sf in &field.subfields {
            c.subfields += 1;
            std::hint::black_box(sf.code);
            c.value_bytes += sf.value.len() as u64;
        }
    }
}
