//! Field, indicator, subfield and fixed-position definitions, parsed lazily from the
//! compiled-in data files in `crates/yozuv/data/formats/` (made by `tools/gen_formats.py`).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Flavour;
use crate::Tag;

/// A set of byte values below 128 (indicator values, subfield codes, position characters),
/// tested in O(1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteSet(u128);

impl ByteSet {
    /// The empty set.
    pub const EMPTY: ByteSet = ByteSet(0);

    /// The set of the bytes of `s` (bytes of 128 and above are left out).
    pub fn from_bytes(s: &[u8]) -> ByteSet {
        let mut set = ByteSet(0);
        for &b in s {
            set.insert(b);
        }
        set
    }

    /// Adds `b` (ignored when `b >= 128`).
    pub fn insert(&mut self, b: u8) {
        if b < 128 {
            self.0 |= 1u128 << b;
        }
    }

    /// Whether `b` is in the set.
    pub fn contains(&self, b: u8) -> bool {
        b < 128 && self.0 & (1u128 << b) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The set of `codes` and the set of those that occur more than once; `None` when a code
    /// is 128 or above (a set cannot hold it).
    pub(crate) fn seen_and_repeated(codes: impl Iterator<Item = u8>) -> Option<(ByteSet, ByteSet)> {
        let (mut seen, mut repeated, mut high) = (0u128, 0u128, 0u8);
        for code in codes {
            high |= code;
            let bit = 1u128 << (code & 127);
            repeated |= seen & bit;
            seen |= bit;
        }
        (high < 128).then_some((ByteSet(seen), ByteSet(repeated)))
    }

    /// The members of `self` that are not in `other`.
    pub fn minus(self, other: ByteSet) -> ByteSet {
        ByteSet(self.0 & !other.0)
    }

    /// The members of both.
    pub fn and(self, other: ByteSet) -> ByteSet {
        ByteSet(self.0 & other.0)
    }

    /// The members of either.
    pub fn or(self, other: ByteSet) -> ByteSet {
        ByteSet(self.0 | other.0)
    }

    /// The members, in byte order, as text (a blank is shown as `#`, as the MARC documentation does).
    pub fn to_display(&self) -> String {
        // The set bits lowest first (in byte order), instead of testing all 128 bytes.
        let mut shown = String::with_capacity(self.0.count_ones() as usize);
        let mut rest = self.0;
        while rest != 0 {
            let b = rest.trailing_zeros() as u8;
            rest &= rest - 1;
            shown.push(if b == b' ' { '#' } else { char::from(b) });
        }
        shown
    }
}

/// A field (or a subfield of it) that is mandatory under a condition: the record's leader
/// (every listed leader position holds one of its characters), and for the conditions on the
/// record's content, [`ConditionalMandatory::when`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionalMandatory {
    /// The field.
    pub tag: Tag,
    /// Leader positions and the characters that make the field mandatory.
    pub leader: Vec<(usize, ByteSet)>,
    /// Where the condition is stated (format and wording).
    pub source: String,
    /// Subfield codes one of which every occurrence of the field must hold; empty when the
    /// field itself is what is mandatory.
    pub subfields: ByteSet,
    /// Other fields any of which also satisfies a field requirement (RUSMARC 337 or 856).
    pub alternatives: Vec<Tag>,
    /// Conditions on the record's own content.
    pub when: ContentCondition,
}

/// Conditions on a record's content that make an element mandatory (all that are set must
/// hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentCondition {
    /// The occurrence of the field holds one of these subfields (RUSMARC 200 $z when $d).
    pub subfield_present: ByteSet,
    /// The occurrence's first indicator is one of these (RUSMARC 886 $a when 1 or 2).
    pub indicator1: Option<ByteSet>,
    /// The field occurs more than once (RUSMARC 012 $5).
    pub repeated: bool,
    /// A coded subfield of the record holds one of some characters (RUSMARC 686 when
    /// 105$a/4-7 holds `m`, a dissertation).
    pub coded: Option<CodedCondition>,
}

/// "Field `tag` subfield `subfield`, positions `start..=end`, holds one of `any`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedCondition {
    /// The coded field.
    pub tag: Tag,
    /// Its coded subfield.
    pub subfield: u8,
    /// First position.
    pub start: usize,
    /// Last position (inclusive).
    pub end: usize,
    /// Any of these characters there makes the condition hold.
    pub any: ByteSet,
}

impl ContentCondition {
    /// No content condition is set.
    pub fn is_empty(&self) -> bool {
        self.subfield_present.is_empty()
            && self.indicator1.is_none()
            && !self.repeated
            && self.coded.is_none()
    }
}

impl ConditionalMandatory {
    /// Whether the leader part of the condition holds for a record with this leader (for a
    /// condition that only looks at the leader, whether the field is mandatory). A condition
    /// without leader positions does not apply by its leader alone.
    pub fn applies_to(&self, leader: &crate::Leader) -> bool {
        !self.leader.is_empty() && self.leader_allows(leader)
    }

    /// Every listed leader position holds one of its characters (true when none is listed).
    pub fn leader_allows(&self, leader: &crate::Leader) -> bool {
        self.leader
            .iter()
            .all(|(i, set)| leader.0.get(*i).is_some_and(|b| set.contains(*b)))
    }

    /// Only the leader decides: a field requirement without alternatives or content conditions.
    pub fn is_leader_only(&self) -> bool {
        self.subfields.is_empty() && self.alternatives.is_empty() && self.when.is_empty()
    }

    /// The leader positions the condition looks at, as `06` or `06-08` (first to last).
    pub fn positions(&self) -> Option<(usize, usize)> {
        let first = self.leader.iter().map(|(i, _)| *i).min()?;
        let last = self.leader.iter().map(|(i, _)| *i).max()?;
        Some((first, last))
    }
}

/// The allowed values of one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDef {
    /// Current values (a blank is `b' '`).
    pub allowed: ByteSet,
    /// Values that were defined once and are now obsolete (still found in old records).
    pub obsolete: ByteSet,
}

/// One subfield code of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubfieldDef {
    /// The code (`b'a'`).
    pub code: u8,
    /// Its name in the format documentation.
    pub name: String,
    /// Whether it may occur more than once in one field.
    pub repeatable: bool,
    /// Whether it is obsolete.
    pub obsolete: bool,
    /// Whether it must be present whenever the field is.
    pub mandatory: bool,
}

/// One field (tag) of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// The tag.
    pub tag: Tag,
    /// The field's name (English).
    pub name: String,
    /// The field's Russian name, where the source has one (RUSMARC).
    pub name_ru: Option<String>,
    /// Whether the field may occur more than once.
    pub repeatable: bool,
    /// Whether the whole field is obsolete.
    pub obsolete: bool,
    /// Whether every record must have it.
    pub mandatory: bool,
    /// A local or national-local field (its content is not checked).
    pub local: bool,
    /// The two indicators; `None` means "not checked" (MARC 21 880: same as the associated field).
    pub indicators: [Option<IndicatorDef>; 2],
    /// The subfields, in code order.
    pub subfields: Vec<SubfieldDef>,
    /// Any subfield code is allowed (880, 886: "same as associated field").
    pub any_subfield: bool,
    subfield_index: [u8; 128],
    mandatory_mask: ByteSet,
    relator_subfield: bool,
    /// The codes of `subfields` (rebuilt by `reindex`), for the checks' fast path.
    defined_mask: ByteSet,
    /// The codes of the non-repeatable subfields.
    non_repeatable_mask: ByteSet,
    /// The codes of the obsolete subfields.
    obsolete_mask: ByteSet,
}

impl FieldDef {
    /// A new definition with no indicators (blank only) and no subfields.
    pub fn new(tag: Tag, name: impl Into<String>, repeatable: bool) -> FieldDef {
        let blank = IndicatorDef {
            allowed: ByteSet::from_bytes(b" "),
            obsolete: ByteSet::EMPTY,
        };
        FieldDef {
            tag,
            name: name.into(),
            name_ru: None,
            repeatable,
            obsolete: false,
            mandatory: false,
            local: false,
            indicators: [Some(blank.clone()), Some(blank)],
            subfields: Vec::new(),
            any_subfield: false,
            subfield_index: [0; 128],
            mandatory_mask: ByteSet::EMPTY,
            relator_subfield: false,
            defined_mask: ByteSet::EMPTY,
            non_repeatable_mask: ByteSet::EMPTY,
            obsolete_mask: ByteSet::EMPTY,
        }
    }

    /// The definition of subfield `code`, in O(1).
    ///
    /// ```
    /// use yozuv::format::Definitions;
    /// let f = Definitions::marc21().field_str("245").unwrap();
    /// assert!(!f.subfield(b'a').unwrap().repeatable);
    /// assert!(f.subfield(b'x').is_none());
    /// ```
    pub fn subfield(&self, code: u8) -> Option<&SubfieldDef> {
        let i = *self.subfield_index.get(usize::from(code))?;
        if i == 0 {
            None
        } else {
            self.subfields.get(usize::from(i) - 1)
        }
    }

    /// Whether `$4` holds relator codes ("Relationship", "Relator code").
    pub fn relator_subfield(&self) -> bool {
        self.relator_subfield
    }

    /// The codes of the subfields that must be present whenever the field is.
    pub fn mandatory_subfields(&self) -> ByteSet {
        self.mandatory_mask
    }

    /// The codes of the defined subfields, of the non-repeatable ones and of the obsolete
    /// ones (what [`FieldDef::subfield`] tells code by code, as three sets).
    pub(crate) fn subfield_masks(&self) -> (ByteSet, ByteSet, ByteSet) {
        (
            self.defined_mask,
            self.non_repeatable_mask,
            self.obsolete_mask,
        )
    }

    /// Adds or replaces a subfield definition.
    pub fn set_subfield(&mut self, def: SubfieldDef) {
        if def.code >= 128 {
            return;
        }
        match self.subfields.iter_mut().find(|s| s.code == def.code) {
            Some(old) => *old = def,
            None => {
                self.subfields.push(def);
                self.subfields.sort_by_key(|s| s.code);
            }
        }
        self.reindex();
    }

    /// Rebuilds the code lookup table (and the code sets the checks use) after `subfields`
    /// was changed directly.
    pub fn reindex(&mut self) {
        self.subfield_index = [0; 128];
        self.mandatory_mask = ByteSet::EMPTY;
        self.defined_mask = ByteSet::EMPTY;
        self.non_repeatable_mask = ByteSet::EMPTY;
        self.obsolete_mask = ByteSet::EMPTY;
        self.relator_subfield = self.subfields.iter().any(|s| {
            let name = s.name.as_bytes();
            s.code == b'4' && name.windows(5).any(|w| w.eq_ignore_ascii_case(b"relat"))
        });
        for s in self.subfields.iter().filter(|s| s.mandatory) {
            self.mandatory_mask.insert(s.code);
        }
        for (i, s) in self.subfields.iter().enumerate() {
            if let (Some(slot), Ok(n)) = (
                self.subfield_index.get_mut(usize::from(s.code)),
                u8::try_from(i + 1),
            ) {
                *slot = n;
            }
        }
        // Built from what `subfield` answers, so the sets cannot say otherwise.
        for code in 0u8..128 {
            let Some((repeatable, obsolete)) =
                self.subfield(code).map(|s| (s.repeatable, s.obsolete))
            else {
                continue;
            };
            self.defined_mask.insert(code);
            if !repeatable {
                self.non_repeatable_mask.insert(code);
            }
            if obsolete {
                self.obsolete_mask.insert(code);
            }
        }
    }
}

/// How the characters of a fixed position are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PositionCodes {
    /// Every character of the position must be one of these (e.g. 008/18-21 illustrations).
    EachChar {
        /// Current codes.
        allowed: ByteSet,
        /// Obsolete codes.
        obsolete: ByteSet,
    },
    /// The whole position must be one of these values; `a-b` with digits is a numeric range.
    Whole {
        /// Current values.
        allowed: Vec<String>,
        /// Obsolete values.
        obsolete: Vec<String>,
    },
    /// The position holds a code from a code list.
    List(CodeListKind),
}

/// The code lists the definitions carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeListKind {
    /// Languages (MARC code list for languages; ISO 639-2 for UNIMARC).
    Language,
    /// Countries (MARC code list for countries; ISO 3166-1 alpha-2 for UNIMARC).
    Country,
    /// Relators (MARC relator codes; UNIMARC numeric relator codes).
    Relator,
    /// MARC geographic area codes (043).
    GeographicArea,
}

/// A fixed-length data element: positions `start..=end` of the Leader, a control field
/// (006/007/008 for a material type) or a coded subfield (UNIMARC 100$a, 105$a …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionDef {
    /// `LDR` for the leader, else the field's tag.
    pub field: Tag,
    /// The subfield holding the coded data (UNIMARC), or `None` (control field, leader).
    pub subfield: Option<u8>,
    /// The material type or 007 category this position belongs to (`books`, `maps`, `a` …),
    /// or `""` for positions common to all (`all` for 006/008 "All materials").
    pub material: String,
    /// First character position.
    pub start: usize,
    /// Last character position (inclusive).
    pub end: usize,
    /// The element's name.
    pub name: String,
    /// What it may hold.
    pub codes: PositionCodes,
}

/// What the checks precompute for one [`PositionDef`] (kept parallel to the positions by
/// `Definitions::regroup`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PositionCheck {
    /// For a `Whole` position whose current and obsolete values are all single bytes, those
    /// bytes as sets (current, obsolete), so that a one-byte value is looked up instead of
    /// compared with each code.
    pub(crate) single: Option<(ByteSet, ByteSet)>,
    /// For an `EachChar` position, every byte that is current or obsolete.
    pub(crate) each_known: ByteSet,
    /// The allowed codes as a finding shows them (`EachChar`: [`ByteSet::to_display`];
    /// `Whole`: [`codes_display`]; empty for a code list).
    pub(crate) allowed_shown: String,
}

impl PositionCheck {
    fn new(p: &PositionDef) -> PositionCheck {
        match &p.codes {
            PositionCodes::EachChar { allowed, obsolete } => PositionCheck {
                single: None,
                each_known: allowed.or(*obsolete),
                allowed_shown: allowed.to_display(),
            },
            PositionCodes::Whole { allowed, obsolete } => {
                let single = allowed
                    .iter()
                    .chain(obsolete)
                    .all(|c| c.len() == 1)
                    .then(|| {
                        let set = |codes: &[String]| {
                            let mut set = ByteSet::EMPTY;
                            for c in codes {
                                if let Some(&b) = c.as_bytes().first() {
                                    set.insert(b);
                                }
                            }
                            set
                        };
                        (set(allowed), set(obsolete))
                    });
                PositionCheck {
                    single,
                    each_known: ByteSet::EMPTY,
                    allowed_shown: codes_display(allowed),
                }
            }
            PositionCodes::List(_) => PositionCheck {
                single: None,
                each_known: ByteSet::EMPTY,
                allowed_shown: String::new(),
            },
        }
    }
}

/// The codes blank-separated, each with its blanks shown as `#` (as the MARC documentation
/// does), written straight into one string.
pub(crate) fn codes_display(codes: &[String]) -> String {
    let mut shown = String::with_capacity(codes.iter().map(|a| a.len() + 1).sum::<usize>());
    for a in codes {
        if !shown.is_empty() {
            shown.push(' ');
        }
        for (i, part) in a.split(' ').enumerate() {
            if i > 0 {
                shown.push('#');
            }
            shown.push_str(part);
        }
    }
    shown
}

/// A code list (languages, countries, relators …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeList {
    codes: HashMap<Box<str>, bool, rustc_hash::FxBuildHasher>,
}

/// The answer of a code-list lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// In the list and current.
    Valid,
    /// In the list but discontinued.
    Discontinued,
    /// Not in the list.
    Unknown,
}

impl CodeList {
    fn parse(text: &str) -> CodeList {
        let mut codes =
            HashMap::with_capacity_and_hasher(text.len() / 8, rustc_hash::FxBuildHasher);
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let code = parts.next().unwrap_or("");
            let discontinued = parts.next() == Some("1");
            codes.insert(Box::from(code), discontinued);
        }
        CodeList { codes }
    }

    /// Looks `code` up.
    ///
    /// ```
    /// use yozuv::format::{CodeListKind, CodeStatus, Definitions};
    /// let langs = Definitions::marc21().code_list(CodeListKind::Language);
    /// assert_eq!(langs.status("rus"), CodeStatus::Valid);
    /// assert_eq!(langs.status("scr"), CodeStatus::Discontinued); // Serbo-Croatian (Roman)
    /// assert_eq!(langs.status("xxx"), CodeStatus::Unknown);
    /// ```
    pub fn status(&self, code: &str) -> CodeStatus {
        match self.codes.get(code) {
            Some(false) => CodeStatus::Valid,
            Some(true) => CodeStatus::Discontinued,
            None => CodeStatus::Unknown,
        }
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

#[derive(Debug, Clone)]
struct PositionGroup {
    field: Tag,
    subfield: Option<u8>,
    material: String,
    range: std::ops::Range<usize>,
}

/// The knowledge of one format: fields, fixed positions and code lists.
///
/// ```
/// use yozuv::format::{Definitions, Flavour};
/// let marc21 = Definitions::marc21();
/// assert_eq!(marc21.flavour(), Flavour::Marc21);
/// let f245 = marc21.field_str("245").unwrap();
/// assert_eq!(f245.name, "Title statement");
/// assert!(!f245.repeatable);
/// assert!(marc21.field_str("650").unwrap().repeatable);
///
/// let rusmarc = Definitions::rusmarc();
/// assert_eq!(rusmarc.field_str("200").unwrap().name_ru.as_deref(), Some("Заглавие и сведения об ответственности"));
/// ```
#[derive(Debug, Clone)]
pub struct Definitions {
    flavour: Flavour,
    edition: String,
    parts: Vec<(String, String)>,
    conditional: Vec<ConditionalMandatory>,
    fields: Vec<FieldDef>,
    /// Indexes into `fields` of the mandatory ones, in order; built on first use and
    /// dropped by every change of the fields (`set_field`, `field_mut`).
    mandatory_index: OnceLock<Vec<usize>>,
    by_number: Vec<u16>,
    positions: Vec<PositionDef>,
    /// Per position (parallel to `positions`, rebuilt by `regroup`): what the checks
    /// precompute (see [`PositionCheck`]).
    position_checks: Vec<PositionCheck>,
    groups: Vec<PositionGroup>,
    languages: CodeList,
    countries: CodeList,
    relators: CodeList,
    geographic_areas: CodeList,
}

#[derive(Deserialize)]
struct RawIndicator {
    v: String,
    o: String,
}

#[derive(Deserialize)]
struct RawWhen {
    #[serde(default)]
    sf: String,
    #[serde(default)]
    ind1: Option<String>,
    #[serde(default)]
    repeated: bool,
    #[serde(default)]
    coded: Option<RawCoded>,
}

#[derive(Deserialize)]
struct RawCoded {
    tag: String,
    sf: String,
    s: usize,
    e: usize,
    any: String,
}

#[derive(Deserialize)]
struct RawLine {
    k: String,
    // meta
    #[serde(default)]
    edition: String,
    #[serde(default)]
    parts: std::collections::BTreeMap<String, String>,
    // conditional mandatory field
    #[serde(default)]
    ldr: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    need: String,
    #[serde(default, rename = "or")]
    or_tags: Vec<String>,
    #[serde(default)]
    when: Option<RawWhen>,
    #[serde(default)]
    src: String,
    // field
    #[serde(default)]
    tag: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_ru: Option<String>,
    #[serde(default)]
    rep: bool,
    #[serde(default)]
    obs: bool,
    #[serde(default)]
    man: bool,
    #[serde(default)]
    local: bool,
    #[serde(default)]
    i1: Option<RawIndicator>,
    #[serde(default)]
    i2: Option<RawIndicator>,
    #[serde(default)]
    sf: Vec<(String, String, bool, bool, bool)>,
    #[serde(default)]
    any_sf: bool,
    // position
    #[serde(default)]
    f: String,
    #[serde(default)]
    psf: String,
    #[serde(default, rename = "type")]
    material: String,
    #[serde(default)]
    s: usize,
    #[serde(default)]
    e: usize,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    v: Vec<String>,
    #[serde(default)]
    o: Vec<String>,
    #[serde(default)]
    list: String,
}

const MARC21_DATA: &str = include_str!("../../data/formats/marc21.jsonl");
const UNIMARC_DATA: &str = include_str!("../../data/formats/unimarc.jsonl");
const RUSMARC_DATA: &str = include_str!("../../data/formats/rusmarc.jsonl");

fn tag_number(tag: &Tag) -> Option<usize> {
    tag.number().map(usize::from)
}

impl Definitions {
    /// MARC 21 bibliographic (LoC), parsed once on first use.
    pub fn marc21() -> &'static Definitions {
        static CELL: OnceLock<Definitions> = OnceLock::new();
        CELL.get_or_init(|| {
            Definitions::parse(
                Flavour::Marc21,
                MARC21_DATA,
                [
                    include_str!("../../data/formats/marc21-languages.tsv"),
                    include_str!("../../data/formats/marc21-countries.tsv"),
                    include_str!("../../data/formats/marc21-relators.tsv"),
                    include_str!("../../data/formats/marc21-geographic-areas.tsv"),
                ],
            )
        })
    }

    /// UNIMARC bibliographic (IFLA), parsed once on first use.
    pub fn unimarc() -> &'static Definitions {
        static CELL: OnceLock<Definitions> = OnceLock::new();
        CELL.get_or_init(|| {
            Definitions::parse(
                Flavour::Unimarc,
                UNIMARC_DATA,
                [
                    include_str!("../../data/formats/unimarc-languages.tsv"),
                    include_str!("../../data/formats/unimarc-countries.tsv"),
                    include_str!("../../data/formats/unimarc-relators.tsv"),
                    "",
                ],
            )
        })
    }

    /// RUSMARC bibliographic (UNIMARC with the Russian national additions), parsed once on first use.
    pub fn rusmarc() -> &'static Definitions {
        static CELL: OnceLock<Definitions> = OnceLock::new();
        CELL.get_or_init(|| {
            Definitions::parse(
                Flavour::Rusmarc,
                RUSMARC_DATA,
                [
                    include_str!("../../data/formats/unimarc-languages.tsv"),
                    include_str!("../../data/formats/unimarc-countries.tsv"),
                    include_str!("../../data/formats/rusmarc-relators.tsv"),
                    "",
                ],
            )
        })
    }

    /// The bundled definitions for `flavour`.
    pub fn for_flavour(flavour: Flavour) -> &'static Definitions {
        match flavour {
            Flavour::Marc21 => Definitions::marc21(),
            Flavour::Unimarc => Definitions::unimarc(),
            Flavour::Rusmarc => Definitions::rusmarc(),
        }
    }

    /// The compiled-in data is generated and tested; a line that does not parse is skipped
    /// rather than failing at run time.
    fn parse(flavour: Flavour, data: &str, lists: [&str; 4]) -> Definitions {
        let mut defs = Definitions::empty(flavour);
        for line in data.lines() {
            let Ok(raw) = serde_json::from_str::<RawLine>(line) else {
                continue;
            };
            match raw.k.as_str() {
                "meta" => {
                    defs.parts = raw.parts.into_iter().collect();
                    defs.edition = raw.edition;
                }
                "field" => defs.add_raw_field(raw),
                "pos" => defs.add_raw_position(raw),
                "cond" => defs.add_raw_condition(raw),
                _ => {}
            }
        }
        defs.languages = CodeList::parse(lists[0]);
        defs.countries = CodeList::parse(lists[1]);
        defs.relators = CodeList::parse(lists[2]);
        defs.geographic_areas = CodeList::parse(lists[3]);
        defs.regroup();
        defs
    }

    /// Definitions with no fields, positions or code lists (to build from a rules file).
    pub fn empty(flavour: Flavour) -> Definitions {
        Definitions {
            flavour,
            edition: String::new(),
            parts: Vec::new(),
            conditional: Vec::new(),
            fields: Vec::new(),
            mandatory_index: OnceLock::new(),
            by_number: vec![0; 1000],
            positions: Vec::new(),
            position_checks: Vec::new(),
            groups: Vec::new(),
            languages: CodeList::default(),
            countries: CodeList::default(),
            relators: CodeList::default(),
            geographic_areas: CodeList::default(),
        }
    }

    fn add_raw_field(&mut self, raw: RawLine) {
        let tag = Tag::from_str_lossy(&raw.tag);
        let mut def = FieldDef::new(tag, raw.name, raw.rep);
        def.name_ru = raw.name_ru.filter(|n| !n.is_empty());
        def.obsolete = raw.obs;
        def.mandatory = raw.man;
        def.local = raw.local;
        def.any_subfield = raw.any_sf;
        let ind = |r: Option<RawIndicator>| {
            r.map(|r| IndicatorDef {
                allowed: ByteSet::from_bytes(r.v.as_bytes()),
                obsolete: ByteSet::from_bytes(r.o.as_bytes()),
            })
        };
        def.indicators = [ind(raw.i1), ind(raw.i2)];
        for (code, name, repeatable, obsolete, mandatory) in raw.sf {
            if let &[code] = code.as_bytes() {
                def.subfields.push(SubfieldDef {
                    code,
                    name,
                    repeatable,
                    obsolete,
                    mandatory,
                });
            }
        }
        def.subfields.sort_by_key(|s| s.code);
        def.reindex();
        self.set_field(def);
    }

    fn add_raw_position(&mut self, raw: RawLine) {
        let codes = match (raw.mode.as_str(), raw.list.as_str()) {
            (_, "language") => PositionCodes::List(CodeListKind::Language),
            (_, "country") => PositionCodes::List(CodeListKind::Country),
            ("each", _) => PositionCodes::EachChar {
                allowed: ByteSet::from_bytes(raw.v.concat().as_bytes()),
                obsolete: ByteSet::from_bytes(raw.o.concat().as_bytes()),
            },
            ("whole", _) => PositionCodes::Whole {
                allowed: raw.v,
                obsolete: raw.o,
            },
            _ => return,
        };
        self.positions.push(PositionDef {
            field: Tag::from_str_lossy(&raw.f),
            subfield: raw.psf.bytes().next(),
            material: raw.material,
            start: raw.s,
            end: raw.e,
            name: raw.name,
            codes,
        });
    }

    /// Adds or replaces a field definition.
    pub fn set_field(&mut self, def: FieldDef) {
        self.mandatory_index = OnceLock::new();
        let number = tag_number(&def.tag);
        // A numeric tag is found through its slot; others by a search.
        let existing = match number {
            Some(n) => self
                .by_number
                .get(n)
                .and_then(|&i| usize::from(i).checked_sub(1)),
            None => self.fields.iter().position(|f| f.tag == def.tag),
        };
        if let Some(i) = existing {
            if let Some(slot) = self.fields.get_mut(i) {
                *slot = def;
            }
            return;
        }
        self.fields.push(def);
        if let (Some(n), Ok(index)) = (number, u16::try_from(self.fields.len())) {
            if let Some(slot) = self.by_number.get_mut(n) {
                *slot = index;
            }
        }
    }

    fn regroup(&mut self) {
        self.positions.sort_by(|a, b| {
            (a.field, a.subfield, &a.material, a.start).cmp(&(
                b.field,
                b.subfield,
                &b.material,
                b.start,
            ))
        });
        self.position_checks = self.positions.iter().map(PositionCheck::new).collect();
        self.groups.clear();
        let mut start = 0;
        for i in 1..=self.positions.len() {
            let split = match (self.positions.get(i - 1), self.positions.get(i)) {
                (Some(a), Some(b)) => {
                    (a.field, a.subfield, &a.material) != (b.field, b.subfield, &b.material)
                }
                _ => true,
            };
            if split {
                if let Some(p) = self.positions.get(start) {
                    self.groups.push(PositionGroup {
                        field: p.field,
                        subfield: p.subfield,
                        material: p.material.clone(),
                        range: start..i,
                    });
                }
                start = i;
            }
        }
    }

    /// The flavour these definitions describe.
    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// Which edition / format update the data reflects, and its sources.
    pub fn edition(&self) -> &str {
        &self.edition
    }

    /// The definition of `tag`, in O(1) for numeric tags.
    pub fn field(&self, tag: Tag) -> Option<&FieldDef> {
        match tag_number(&tag) {
            Some(n) => {
                let i = usize::from(*self.by_number.get(n)?);
                if i == 0 {
                    None
                } else {
                    self.fields.get(i - 1)
                }
            }
            None => self.fields.iter().find(|f| f.tag == tag),
        }
    }

    /// [`Definitions::field`] for a numeric tag given as its number (`245`).
    pub(crate) fn field_numbered(&self, number: u16) -> Option<&FieldDef> {
        let i = usize::from(*self.by_number.get(usize::from(number))?);
        i.checked_sub(1).and_then(|i| self.fields.get(i))
    }

    /// [`Definitions::field`] with the tag as text.
    pub fn field_str(&self, tag: &str) -> Option<&FieldDef> {
        self.field(Tag::from_str_lossy(tag))
    }

    /// Mutable access to a field definition (for profiles that adjust one).
    pub fn field_mut(&mut self, tag: Tag) -> Option<&mut FieldDef> {
        self.mandatory_index = OnceLock::new();
        let i = self.fields.iter().position(|f| f.tag == tag)?;
        self.fields.get_mut(i)
    }

    /// The fields every record must have.
    pub fn mandatory_fields(&self) -> impl Iterator<Item = &FieldDef> {
        let index = self.mandatory_index.get_or_init(|| {
            self.fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.mandatory)
                .map(|(i, _)| i)
                .collect()
        });
        index.iter().filter_map(|&i| self.fields.get(i))
    }

    /// All field definitions, in the order they were added.
    pub fn fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.fields.iter()
    }

    /// The fixed positions of `field` (`LDR` for the leader), of subfield `subfield`
    /// (UNIMARC coded fields) and of `material` (`books`, `all`, a 007 category letter, or `""`).
    ///
    /// ```
    /// use yozuv::{format::Definitions, Tag};
    /// let ldr = Definitions::marc21().positions(Tag(*b"LDR"), None, "");
    /// assert!(ldr.iter().any(|p| p.start == 6 && p.name == "Type of record"));
    /// ```
    pub fn positions(&self, field: Tag, subfield: Option<u8>, material: &str) -> &[PositionDef] {
        self.groups
            .iter()
            .find(|g| g.field == field && g.subfield == subfield && g.material == material)
            .and_then(|g| self.positions.get(g.range.clone()))
            .unwrap_or(&[])
    }

    /// For each of `positions` (a slice [`Definitions::positions`] gave), what the checks
    /// precompute for it ([`PositionCheck`]); an empty slice when `positions` is not part of
    /// these definitions' positions.
    pub(crate) fn position_checks(&self, positions: &[PositionDef]) -> &[PositionCheck] {
        let size = std::mem::size_of::<PositionDef>();
        let base = self.positions.as_ptr() as usize;
        let at = positions.as_ptr() as usize;
        if size == 0 || positions.is_empty() || at < base || (at - base) % size != 0 {
            return &[];
        }
        let first = (at - base) / size;
        first
            .checked_add(positions.len())
            .filter(|&end| end <= self.positions.len())
            .and_then(|end| self.position_checks.get(first..end))
            .unwrap_or(&[])
    }

    /// Whether any position is defined for this field/subfield (any material).
    pub fn has_positions(&self, field: Tag, subfield: Option<u8>) -> bool {
        self.groups
            .iter()
            .any(|g| g.field == field && g.subfield == subfield)
    }

    /// A code list.
    pub fn code_list(&self, kind: CodeListKind) -> &CodeList {
        match kind {
            CodeListKind::Language => &self.languages,
            CodeListKind::Country => &self.countries,
            CodeListKind::Relator => &self.relators,
            CodeListKind::GeographicArea => &self.geographic_areas,
        }
    }

    /// Takes fixed positions and code lists from `other` (used when a rules file that only
    /// describes fields is imported).
    pub fn take_positions_and_lists_from(&mut self, other: &Definitions) {
        self.positions = other.positions.clone();
        self.languages = other.languages.clone();
        self.countries = other.countries.clone();
        self.relators = other.relators.clone();
        self.geographic_areas = other.geographic_areas.clone();
        self.regroup();
    }

    /// Sets the edition text.
    pub fn set_edition(&mut self, edition: impl Into<String>) {
        self.edition = edition.into();
    }

    /// Which format update one part of the data reflects (`variable_fields`, `fixed_positions`,
    /// `code_lists` for MARC 21; `fields`, `coded_positions`, `code_lists`, and
    /// `rusmarc_overlay` for UNIMARC/RUSMARC), as recorded by the generator.
    ///
    /// ```
    /// use yozuv::format::Definitions;
    /// let fixed = Definitions::marc21().part_edition("fixed_positions").unwrap();
    /// assert!(fixed.contains("Update No. 41"));
    /// ```
    pub fn part_edition(&self, part: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(name, _)| name == part)
            .map(|(_, edition)| edition.as_str())
    }

    /// Fields mandatory only for some records, when the leader tells which (UNIMARC 101 for
    /// language materials, RUSMARC 105 for printed monographs, 120/123 for maps …).
    ///
    /// ```
    /// use yozuv::format::Definitions;
    /// use yozuv::Leader;
    /// let text = Leader(*b"00000nam0 2200000   4500");
    /// let map = Leader(*b"00000nem0 2200000   4500");
    /// let c101 = Definitions::unimarc().conditional_mandatory().iter().find(|c| c.tag == "101").unwrap();
    /// assert!(c101.applies_to(&text) && !c101.applies_to(&map));
    /// ```
    pub fn conditional_mandatory(&self) -> &[ConditionalMandatory] {
        &self.conditional
    }

    fn add_raw_condition(&mut self, raw: RawLine) {
        let mut leader = Vec::new();
        for (position, chars) in &raw.ldr {
            if let Ok(position) = position.parse::<usize>() {
                leader.push((position, ByteSet::from_bytes(chars.as_bytes())));
            }
        }
        let when = raw
            .when
            .map(|w| ContentCondition {
                subfield_present: ByteSet::from_bytes(w.sf.as_bytes()),
                indicator1: w.ind1.map(|v| ByteSet::from_bytes(v.as_bytes())),
                repeated: w.repeated,
                coded: w.coded.and_then(|c| {
                    Some(CodedCondition {
                        tag: Tag::from_str_lossy(&c.tag),
                        subfield: *c.sf.as_bytes().first()?,
                        start: c.s,
                        end: c.e,
                        any: ByteSet::from_bytes(c.any.as_bytes()),
                    })
                }),
            })
            .unwrap_or_default();
        self.conditional.push(ConditionalMandatory {
            tag: Tag::from_str_lossy(&raw.tag),
            leader,
            source: raw.src,
            subfields: ByteSet::from_bytes(raw.need.as_bytes()),
            alternatives: raw.or_tags.iter().map(|t| Tag::from_str_lossy(t)).collect(),
            when,
        });
    }

    /// Every part with the format update it reflects, in name order.
    pub fn part_editions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.iter().map(|(n, e)| (n.as_str(), e.as_str()))
    }
}

#[cfg(test)]
mod byte_set_tests {
    use super::ByteSet;

    /// `to_display` lists the members in byte order, a blank as `#`, as testing every byte
    /// in turn does.
    #[test]
    fn display_lists_members_in_order() {
        let samples: [&[u8]; 5] = [b"", b" ", b"a #0|z", b"\x00\x7f ~!", b"zyxcba 9876543210"];
        for sample in samples {
            let set = ByteSet::from_bytes(sample);
            let expected: String = (0u8..128)
                .filter(|b| sample.contains(b))
                .map(|b| if b == b' ' { '#' } else { char::from(b) })
                .collect();
            assert_eq!(set.to_display(), expected);
        }
        assert_eq!(ByteSet::from_bytes(b"c a b").to_display(), "#abc");
    }
}
