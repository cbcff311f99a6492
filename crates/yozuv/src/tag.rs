//! Field tags.

use std::fmt;

/// A three-byte field tag such as `245`, kept as the bytes found in the record
/// (a damaged record may hold a tag such as `UPD` or `2 5`).
///
/// ```
/// use yozuv::Tag;
/// let t = Tag::from_str_lossy("008");
/// assert!(t.is_control());
/// assert_eq!(t.as_str(), "008");
/// assert!(!Tag::from_str_lossy("245").is_control());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(pub [u8; 3]);

impl Tag {
    /// A tag from exactly three bytes, or `None` for another length.
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert_eq!(Tag::from_bytes(b"245"), Some(Tag(*b"245")));
    /// assert_eq!(Tag::from_bytes(b"24"), None);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Option<Tag> {
        <[u8; 3]>::try_from(bytes).ok().map(Tag)
    }

    /// A tag from a string; shorter strings are padded with `0`s on the left,
    /// longer ones truncated (for literals in code and rule files).
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert_eq!(Tag::from_str_lossy("245"), "245");
    /// assert_eq!(Tag::from_str_lossy("1"), "001"); // padded on the left
    /// assert_eq!(Tag::from_str_lossy("2450"), "245"); // truncated
    /// ```
    pub fn from_str_lossy(s: &str) -> Tag {
        let b = s.as_bytes();
        let mut t = [b'0'; 3];
        let n = b.len().min(3);
        t[3 - n..].copy_from_slice(&b[..n]);
        Tag(t)
    }

    /// The tag's bytes.
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert_eq!(Tag::from_str_lossy("650").as_bytes(), b"650");
    /// ```
    pub fn as_bytes(&self) -> &[u8; 3] {
        &self.0
    }

    /// The tag as text (`"???"` when its bytes are not valid UTF-8).
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert_eq!(Tag(*b"UPD").as_str(), "UPD");
    /// assert_eq!(Tag([b'2', 0xFF, b'5']).as_str(), "???");
    /// ```
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Control fields (`001`–`009`, and `00X` in general) hold no indicators or subfields.
    /// This holds in MARC 21 and UNIMARC alike.
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert!(Tag::from_str_lossy("001").is_control());
    /// assert!(!Tag::from_str_lossy("010").is_control());
    /// ```
    pub fn is_control(&self) -> bool {
        self.0[0] == b'0' && self.0[1] == b'0'
    }

    /// Three ASCII digits (local tags may also use ASCII letters; see [`Tag::is_alphanumeric`]).
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert!(Tag(*b"245").is_numeric());
    /// assert!(!Tag(*b"UPD").is_numeric());
    /// ```
    pub fn is_numeric(&self) -> bool {
        self.0.iter().all(u8::is_ascii_digit)
    }

    /// Three ASCII letters or digits, which ISO 2709 allows.
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert!(Tag(*b"UPD").is_alphanumeric());
    /// assert!(!Tag(*b"2 5").is_alphanumeric());
    /// ```
    #[inline]
    pub fn is_alphanumeric(&self) -> bool {
        self.0.iter().all(u8::is_ascii_alphanumeric)
    }

    /// The tag as a number, when it is numeric.
    ///
    /// ```
    /// use yozuv::Tag;
    /// assert_eq!(Tag(*b"080").number(), Some(80));
    /// assert_eq!(Tag(*b"CAT").number(), None);
    /// ```
    pub fn number(&self) -> Option<u16> {
        if self.is_numeric() {
            Some(
                self.0
                    .iter()
                    .fold(0u16, |n, d| n * 10 + u16::from(d - b'0')),
            )
        } else {
            None
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in &self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", b as char)?;
            } else {
                write!(f, "{{{b:02x}}}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({self})")
    }
}

impl serde::Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl From<[u8; 3]> for Tag {
    fn from(b: [u8; 3]) -> Tag {
        Tag(b)
    }
}

impl PartialEq<&str> for Tag {
    fn eq(&self, other: &&str) -> bool {
        &self.0[..] == other.as_bytes()
    }
}
