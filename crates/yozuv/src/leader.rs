//! The 24-byte record leader (ISO 2709 record label).

use std::fmt;

/// The leader: 24 bytes at the start of every record, kept exactly as read.
///
/// Accessors name the positions that ISO 2709 defines for every format, and the MARC 21
/// meanings of positions 05–09, 17–19. UNIMARC uses the same structural positions
/// (0–4, 10–11, 12–16, 20–23) with its own codes in 5–9 and 17–19.
///
/// ```
/// use yozuv::Leader;
/// let l = Leader::from_bytes(b"00714cam a2200205 a 4500").unwrap();
/// assert_eq!(l.record_length(), Some(714));
/// assert_eq!(l.status(), b'c');
/// assert_eq!(l.record_type(), b'a');
/// assert_eq!(l.bibliographic_level(), b'm');
/// assert_eq!(l.coding_scheme(), b'a');
/// assert_eq!(l.base_address(), Some(205));
/// assert_eq!(l.indicator_count(), b'2');
/// assert_eq!(l.entry_map(), *b"4500");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Leader(pub [u8; 24]);

fn digits(b: &[u8]) -> Option<usize> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
}

impl Leader {
    /// A leader from exactly 24 bytes.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert!(Leader::from_bytes(b"00714cam a2200205 a 4500").is_some());
    /// assert!(Leader::from_bytes(b"00714cam").is_none());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Option<Leader> {
        <[u8; 24]>::try_from(bytes).ok().map(Leader)
    }

    /// The leader's bytes.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(&Leader::default().as_bytes()[20..], b"4500");
    /// ```
    pub fn as_bytes(&self) -> &[u8; 24] {
        &self.0
    }

    /// Positions 00–04: the record length, if they are five digits.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::from_bytes(b"00714cam a2200205 a 4500").unwrap().record_length(), Some(714));
    /// assert_eq!(Leader::from_bytes(b"0071Xcam a2200205 a 4500").unwrap().record_length(), None);
    /// ```
    pub fn record_length(&self) -> Option<usize> {
        digits(&self.0[0..5])
    }

    /// Position 05: record status (MARC 21 `a c d n p`; UNIMARC `c d n o p`).
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::from_bytes(b"00714nam a2200205 a 4500").unwrap().status(), b'n');
    /// ```
    pub fn status(&self) -> u8 {
        self.0[5]
    }

    /// Position 06: type of record.
    ///
    /// ```
    /// use yozuv::Leader;
    /// // `a`: language material; `j`: musical sound recording.
    /// assert_eq!(Leader::from_bytes(b"00714njm a2200205 a 4500").unwrap().record_type(), b'j');
    /// ```
    pub fn record_type(&self) -> u8 {
        self.0[6]
    }

    /// Position 07: bibliographic level.
    ///
    /// ```
    /// use yozuv::Leader;
    /// // `s`: serial.
    /// assert_eq!(Leader::from_bytes(b"00714cas a2200205 a 4500").unwrap().bibliographic_level(), b's');
    /// ```
    pub fn bibliographic_level(&self) -> u8 {
        self.0[7]
    }

    /// Position 08: MARC 21 type of control; UNIMARC hierarchical level.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::from_bytes(b"00714camaa2200205 a 4500").unwrap().control_type(), b'a'); // archival
    /// assert_eq!(Leader::default().control_type(), b' ');
    /// ```
    pub fn control_type(&self) -> u8 {
        self.0[8]
    }

    /// Position 09: MARC 21 character coding scheme (`a` = UCS/Unicode, blank = MARC-8).
    /// UNIMARC leaves it undefined and declares its sets in 100$a/26-29.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::default().coding_scheme(), b'a'); // UCS/Unicode
    /// assert_eq!(Leader::from_bytes(b"00875nam  2200253 i 4500").unwrap().coding_scheme(), b' '); // MARC-8
    /// ```
    pub fn coding_scheme(&self) -> u8 {
        self.0[9]
    }

    /// Position 10: indicator count (`2` in MARC 21 and UNIMARC).
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::default().indicator_count(), b'2');
    /// ```
    pub fn indicator_count(&self) -> u8 {
        self.0[10]
    }

    /// Position 11: subfield code length (`2` in MARC 21 and UNIMARC: delimiter plus code).
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::default().subfield_code_count(), b'2');
    /// ```
    pub fn subfield_code_count(&self) -> u8 {
        self.0[11]
    }

    /// Positions 12–16: base address of data, if they are five digits.
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(Leader::from_bytes(b"00714cam a2200205 a 4500").unwrap().base_address(), Some(205));
    /// assert_eq!(Leader::from_bytes(b"00127     22f0037   4500").unwrap().base_address(), None);
    /// ```
    pub fn base_address(&self) -> Option<usize> {
        digits(&self.0[12..17])
    }

    /// Position 17: encoding level.
    ///
    /// ```
    /// use yozuv::Leader;
    /// // Blank: full level; `7`: minimal level.
    /// assert_eq!(Leader::from_bytes(b"00714cam a22002057a 4500").unwrap().encoding_level(), b'7');
    /// ```
    pub fn encoding_level(&self) -> u8 {
        self.0[17]
    }

    /// Position 18: descriptive cataloging form (MARC 21).
    ///
    /// ```
    /// use yozuv::Leader;
    /// // `a`: AACR 2; `i`: ISBD punctuation included.
    /// assert_eq!(Leader::default().cataloging_form(), b'i');
    /// ```
    pub fn cataloging_form(&self) -> u8 {
        self.0[18]
    }

    /// Positions 20–23: the entry map (`4500`: length of field 4, start 5, implementation 0).
    ///
    /// ```
    /// use yozuv::Leader;
    /// assert_eq!(&Leader::default().entry_map(), b"4500");
    /// ```
    pub fn entry_map(&self) -> [u8; 4] {
        [self.0[20], self.0[21], self.0[22], self.0[23]]
    }

    /// Sets positions 00–04 (callers must keep `len <= 99_999`).
    ///
    /// ```
    /// use yozuv::Leader;
    /// let mut leader = Leader::default();
    /// leader.set_record_length(714);
    /// assert_eq!(&leader.as_bytes()[..5], b"00714");
    /// ```
    pub fn set_record_length(&mut self, len: usize) {
        write_digits(&mut self.0[0..5], len);
    }

    /// Sets positions 12–16 (callers must keep `addr <= 99_999`).
    ///
    /// ```
    /// use yozuv::Leader;
    /// let mut leader = Leader::default();
    /// leader.set_base_address(205);
    /// assert_eq!(leader.base_address(), Some(205));
    /// assert_eq!(leader.to_string(), "00000nam a2200205 i 4500");
    /// ```
    pub fn set_base_address(&mut self, addr: usize) {
        write_digits(&mut self.0[12..17], addr);
    }

    /// The leader as text; bytes that are not printable ASCII are escaped as `{xx}`.
    ///
    /// ```
    /// use yozuv::Leader;
    /// let mut bytes = *b"00714cam a2200205 a 4500";
    /// bytes[9] = 0x1f; // a subfield delimiter where leader/09 should be
    /// assert_eq!(Leader(bytes).to_text(), "00714cam {1f}2200205 a 4500");
    /// ```
    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(24);
        escape_bytes(&self.0, &mut s);
        s
    }
}

pub(crate) fn write_digits(out: &mut [u8], mut n: usize) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Appends bytes to `out`, escaping everything but printable ASCII and valid UTF-8 text as `{xx}`.
pub(crate) fn escape_bytes(bytes: &[u8], out: &mut String) {
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                out.push_str(&format!("{{{:02x}}}", c as u32));
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("{{{b:02x}}}"));
        }
    }
}

impl Default for Leader {
    /// A MARC 21 bibliographic leader for a new Unicode record: `00000nam a2200000 i 4500`.
    fn default() -> Self {
        Leader(*b"00000nam a2200000 i 4500")
    }
}

impl fmt::Debug for Leader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Leader({:?})", self.to_text())
    }
}

impl fmt::Display for Leader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}
