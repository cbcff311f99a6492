//! Uzbek (and Kazakh, Russian) text: homoglyph repair, apostrophes, transliteration, search keys.
//!
//! The rules come from `UZBEK-TEXT.md` (the project's text spec); every table and word list lives in
//! `crates/yozuv/data/text/` and is compiled in. Nothing changes silently: every change is a [`Fix`] with
//! byte offsets into the input and a stable rule id, and where the evidence is not enough the text is left
//! alone and a [`Flag`] says where and why.
//!
//! * [`fix`] — apostrophes (oʻ/gʻ with U+02BB, tutuq with U+02BC), mixed-script homoglyph words, NFC.
//! * [`translit::to_latin`] / [`translit::to_cyrillic`] — Uzbek Cyrillic ⇄ Latin by the 1995 rules.
//! * [`key::search_key`] — a lossy matching key: a Cyrillic title and its Latin transliteration give one key.
//! * [`normalize_record`] — [`fix`] over the text subfields of a [`Record`](crate::Record).
//!
//! ```
//! use yozuv::text::{fix, FixOptions};
//!
//! let fixed = fix("Ўзбекистoн кутубxoнаси bo’lgan", &FixOptions::default());
//! assert_eq!(fixed.text, "Ўзбекистон кутубхонаси boʻlgan");
//! assert_eq!(fixed.fixes[0].rule, "homoglyph.unique-letters");
//! assert_eq!(fixed.fixes[0].before, "Ўзбекистoн");
//! ```

use std::borrow::Cow;

use serde::Serialize;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

mod apostrophe;
pub mod ascii;
mod homoglyph;
pub mod key;
pub mod nfc;
mod record;
mod script;
mod tables;
pub mod translit;

pub use record::{is_text_subfield, normalize_record, Flavor, NormalizeOptions, RecordFix};
pub use script::{script_of, Script};

/// One change made to a text: `input[start..end]` was `before` and is now `after`.
///
/// Offsets are byte offsets into the input given to the function that made the change. Where several rules
/// change the same word, their fixes follow in the order they were applied and each `before` is the text that
/// rule saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// Byte offset where the changed text starts in the input.
    pub start: usize,
    /// Byte offset where the changed text ends in the input.
    pub end: usize,
    /// The text before the change.
    pub before: String,
    /// The text after the change.
    pub after: String,
    /// Stable id of the rule that fired, e.g. `apostrophe.letter-mark`, `homoglyph.unique-letters`, `nfc`.
    pub rule: &'static str,
}

/// A place where a rule would apply but the evidence is not enough: the text was left unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Byte offset where the suspect text starts in the input.
    pub start: usize,
    /// Byte offset where the suspect text ends in the input.
    pub end: usize,
    /// The suspect text.
    pub text: String,
    /// Stable id of the reason, e.g. `homoglyph.undecided`, `apostrophe.ocr-suspect`, `translit.softening`.
    pub rule: &'static str,
    /// What the text would become if the guess were taken, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Language (and, where known, script) of a text, as a hint for the rules.
///
/// Set it from the record (MARC 21 008/35-37, UNIMARC 101$a) or the field; [`Lang::Auto`] guesses from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// Guess from the text itself.
    #[default]
    Auto,
    /// Uzbek, script not known.
    Uzbek,
    /// Uzbek in Latin script.
    UzbekLatin,
    /// Uzbek in Cyrillic script.
    UzbekCyrillic,
    /// Russian.
    Russian,
    /// Kazakh (Cyrillic): і and һ are letters, not homoglyphs.
    Kazakh,
    /// Karakalpak (treated as a Cyrillic-script language for homoglyph repair).
    Karakalpak,
    /// English.
    English,
    /// Another language in Latin script.
    OtherLatin,
    /// Another language in Cyrillic script.
    OtherCyrillic,
    /// Another language, script unknown.
    Other,
    /// Not known, and the text is not known to be Uzbek: like [`Lang::Auto`], but the Uzbek apostrophe rules
    /// apply only where the text itself shows Uzbek Latin (an oʻ/gʻ written with any mark, or a canonical ʻ/ʼ).
    /// [`normalize_record`] uses it for records without a language code (authority records, 008 blank/`und`).
    Unknown,
}

impl Lang {
    /// The language for a code: MARC/ISO 639-2 (`uzb`, `rus`, `kaz`, `kaa`, `eng`), ISO 639-1 (`uz`, `ru`,
    /// `kk`, `en`), or a BCP 47 tag with script (`uz-Latn`, `uz-Cyrl`). Unknown codes give [`Lang::Other`].
    ///
    /// ```
    /// use yozuv::text::Lang;
    /// assert_eq!(Lang::from_code("uzb"), Lang::Uzbek);
    /// assert_eq!(Lang::from_code("uz-Latn"), Lang::UzbekLatin);
    /// assert_eq!(Lang::from_code("RUS"), Lang::Russian);
    /// ```
    pub fn from_code(code: &str) -> Lang {
        let code = code.trim().to_ascii_lowercase().replace('_', "-");
        match code.as_str() {
            "" | "auto" => Lang::Auto,
            "und" | "mul" | "zxx" | "unknown" | "   " => Lang::Unknown,
            "uzb" | "uz" => Lang::Uzbek,
            "uz-latn" | "uzb-latn" | "uz-lat" | "latn" => Lang::UzbekLatin,
            "uz-cyrl" | "uzb-cyrl" | "uz-cyr" | "cyrl" => Lang::UzbekCyrillic,
            "rus" | "ru" => Lang::Russian,
            "kaz" | "kk" | "kk-cyrl" => Lang::Kazakh,
            "kaa" => Lang::Karakalpak,
            "eng" | "en" => Lang::English,
            "fre" | "fra" | "ger" | "deu" | "tur" | "fr" | "de" | "tr" => Lang::OtherLatin,
            "ukr" | "bel" | "tgk" | "kir" | "uk" | "be" | "tg" | "ky" => Lang::OtherCyrillic,
            _ => Lang::Other,
        }
    }

    /// The script this language is written in, where it is fixed.
    pub fn script(self) -> Option<Script> {
        match self {
            Lang::UzbekLatin | Lang::English | Lang::OtherLatin => Some(Script::Latin),
            Lang::UzbekCyrillic
            | Lang::Russian
            | Lang::Kazakh
            | Lang::Karakalpak
            | Lang::OtherCyrillic => Some(Script::Cyrillic),
            Lang::Auto | Lang::Uzbek | Lang::Other | Lang::Unknown => None,
        }
    }

    /// Whether Uzbek Latin apostrophe rules apply to Latin-script words (None: decide from the text).
    fn uzbek_apostrophes(self) -> Option<bool> {
        match self {
            Lang::Uzbek | Lang::UzbekLatin | Lang::UzbekCyrillic => Some(true),
            Lang::Auto | Lang::Unknown => None,
            _ => Some(false),
        }
    }
}

/// What [`fix`] may change, and the context it may use.
#[derive(Clone, Debug)]
pub struct FixOptions {
    /// Canonical apostrophes in Uzbek Latin words (section 5 of the spec).
    pub apostrophes: bool,
    /// Repair words that mix Latin and Cyrillic look-alike letters (section 6).
    pub homoglyphs: bool,
    /// Normalise to NFC (section 7).
    pub nfc: bool,
    /// Also rewrite a Roman numeral typed with Cyrillic look-alikes (`ХІV`) to Latin. Off by default: catalogs
    /// quote titles as printed, so by default such a numeral is only flagged.
    pub roman_numerals: bool,
    /// Language of the field or record.
    pub lang: Lang,
    /// Script of the field where it is known from the record (MARC $6 script code, UNIMARC 100$a/34-35);
    /// overrides the language's script.
    pub script: Option<Script>,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions {
            apostrophes: true,
            homoglyphs: true,
            nfc: true,
            roman_numerals: false,
            lang: Lang::Auto,
            script: None,
        }
    }
}

/// The result of [`fix`]: the new text (borrowed when nothing changed), what changed, and what was only reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed<'a> {
    /// The repaired text.
    pub text: Cow<'a, str>,
    /// Every change, in input order.
    pub fixes: Vec<Fix>,
    /// Suspect places left unchanged.
    pub flags: Vec<Flag>,
}

impl Fixed<'_> {
    /// True when the text came back unchanged.
    pub fn is_unchanged(&self) -> bool {
        self.fixes.is_empty()
    }
}

/// Evidence gathered over the whole input, computed only when a word needs it.
pub(crate) struct Context {
    cyr_letters: usize,
    lat_letters: usize,
    kazakh: bool,
}

impl Context {
    fn gather(input: &str) -> Context {
        let mut c = Context {
            cyr_letters: 0,
            lat_letters: 0,
            kazakh: false,
        };
        // Only letters without a look-alike twin count: they are evidence, and a repair cannot change them, so
        // fixing a text twice gives the same decisions.
        let conf = tables::confusables();
        for ch in input.chars() {
            match script::script_of(ch) {
                // i j s h are not counted either: a repair can turn Cyrillic і into Latin i.
                Script::Latin if conf.cyrillic_twin(ch).is_none() => c.lat_letters += 1,
                Script::Cyrillic => {
                    if conf.latin_twin(ch).is_none() {
                        c.cyr_letters += 1;
                    }
                    c.kazakh |= script::is_kazakh_letter(ch);
                }
                _ => {}
            }
        }
        c
    }

    /// The script most of the text's evidence letters are in, when the majority is clear (2:1).
    fn majority(&self) -> Option<Script> {
        // i j s h are left out: a repair can turn Cyrillic і into Latin i, and the counts must not move.
        let lat = self.lat_letters;
        if self.cyr_letters >= 2 * lat.max(1) {
            Some(Script::Cyrillic)
        } else if lat >= 2 * self.cyr_letters.max(1) {
            Some(Script::Latin)
        } else {
            None
        }
    }
}

/// Lazily gathered [`Context`].
struct LazyContext<'a> {
    input: &'a str,
    ctx: std::cell::OnceCell<Context>,
    english: std::cell::OnceCell<bool>,
}

impl LazyContext<'_> {
    fn get(&self) -> &Context {
        self.ctx.get_or_init(|| Context::gather(self.input))
    }

    /// The text writes Uzbek Latin: a canonical ʻ or ʼ, or o/g followed by an apostrophe look-alike and a letter.
    fn shows_uzbek_latin(&self) -> bool {
        let s = self.input;
        if s.contains('\u{02BB}') || s.contains('\u{02BC}') {
            return true;
        }
        let chars: Vec<char> = s.chars().collect();
        chars.windows(3).enumerate().any(|(k, w)| {
            matches!(w[0], 'o' | 'O' | 'g' | 'G') && is_markish(w[1]) && w[2].is_alphabetic() && {
                // Not the English/Dutch possessive ’s (Eskimo's, CAO's).
                let possessive = matches!(w[2], 's' | 'S')
                    && chars.get(k + 3).map_or(true, |n| !n.is_alphabetic());
                !possessive
            }
        })
    }

    /// English rather than Uzbek Latin, by a byte-level pass that needs no character decoding.
    fn looks_english(&self) -> bool {
        *self.english.get_or_init(|| english_evidence(self.input))
    }
}

/// True when a quarter or more of the Latin words of `input` are English function words (and at least two).
/// Works on bytes: ASCII letters build words; a Cyrillic lead byte (U+0400..U+052F) makes a word non-Latin;
/// other non-ASCII bytes (marks, accented letters) stay inside the word.
fn english_evidence(input: &str) -> bool {
    let english = &tables::uz_lexicon().english_packed;
    let (mut english_words, mut latin_words) = (0usize, 0usize);
    let mut buf = [0u8; 8];
    let mut len = 0usize;
    let mut in_word = false;
    let mut latin = true;
    let mut short_ascii = true;
    let mut flush = |in_word: &mut bool, latin: bool, short_ascii: bool, word: &[u8]| {
        if *in_word && latin {
            latin_words += 1;
            if short_ascii
                && tables::pack_ascii_word(word).is_some_and(|k| english.binary_search(&k).is_ok())
            {
                english_words += 1;
            }
        }
        *in_word = false;
    };
    for &b in input.as_bytes() {
        let letterish = b.is_ascii_alphabetic() || b >= 0x80;
        if letterish {
            if !in_word {
                in_word = true;
                latin = true;
                short_ascii = true;
                len = 0;
            }
            if b.is_ascii_alphabetic() && len < buf.len() {
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            } else {
                short_ascii = false;
                if (0xD0..=0xD4).contains(&b) {
                    latin = false;
                }
            }
        } else {
            flush(&mut in_word, latin, short_ascii, &buf[..len]);
        }
    }
    flush(&mut in_word, latin, short_ascii, &buf[..len]);
    english_words >= 2 && english_words * 4 >= latin_words
}

/// Per-word facts collected while scanning.
#[derive(Default, Clone, Copy)]
struct WordStats {
    lat: usize,
    cyr: usize,
    marks: bool,
    /// Every character is one that NFC leaves alone whatever follows (see [`surely_nfc_char`]).
    surely_nfc: bool,
}

/// True for apostrophe look-alikes, canonical marks and OCR junk.
#[inline]
fn is_markish(c: char) -> bool {
    apostrophe::mark_class(c).is_some()
}

/// Whether `text` holds an apostrophe-like character (any mark of `data/text/apostrophes.tsv`:
/// the canonical ʻ ʼ, their look-alikes and the OCR junk for them). Without one, [`fix`] has no
/// apostrophe to repair, so a caller checking only apostrophes can skip it. ASCII text needs
/// one byte scan (`'` and `` ` `` are the only ASCII marks).
///
/// ```
/// use yozuv::text::has_apostrophe_like;
/// assert!(has_apostrophe_like("O'zbekiston"));
/// assert!(has_apostrophe_like("Oʻzbekiston"));
/// assert!(has_apostrophe_like("To‘g‘ri"));
/// assert!(!has_apostrophe_like("Toshkent shahri"));
/// ```
pub fn has_apostrophe_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    if ascii::prefix_len(bytes) == bytes.len() {
        return memchr::memchr2(b'\'', b'`', bytes).is_some();
    }
    text.chars().any(is_markish)
}

/// Repairs apostrophes, homoglyph words and normalisation form in `input`, as `options` allow.
///
/// Returns the input borrowed when nothing changed. See the module documentation for an example.
pub fn fix<'a>(input: &'a str, options: &FixOptions) -> Fixed<'a> {
    let mut fixes = Vec::new();
    let mut flags = Vec::new();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let nfc = options.nfc;
    // A separator run holding a character NFC might change.
    let mut sep_dirty = false;
    let ctx = LazyContext {
        input,
        ctx: std::cell::OnceCell::new(),
        english: std::cell::OnceCell::new(),
    };

    let mut replace =
        |out: &mut Option<String>, copied: &mut usize, start: usize, end: usize, new: &str| {
            let o = out.get_or_insert_with(|| String::with_capacity(input.len() + 16));
            o.push_str(&input[*copied..start]);
            o.push_str(new);
            *copied = end;
        };

    // Scan words: letters and combining marks, joined by runs of apostrophe-like marks that stand between letters.
    let bytes = input.as_bytes();
    let mut iter = input.char_indices().peekable();
    let mut sep_start = 0usize;
    while let Some((i, c)) = iter.next() {
        let first_script = script_of(c);
        if first_script == Script::None {
            sep_dirty |= nfc && !surely_nfc_char(c);
            continue;
        }
        // A word starts at i.
        let start = i;
        let mut end = i + c.len_utf8();
        let mut st = WordStats {
            surely_nfc: true,
            ..Default::default()
        };
        let count = |st: &mut WordStats, script: Script| match script {
            Script::Latin => st.lat += 1,
            Script::Cyrillic => st.cyr += 1,
            _ => {}
        };
        count(&mut st, first_script);
        st.surely_nfc &= surely_nfc_char(c);
        let mut pending_mark: Option<usize> = None; // start of a run of marks not yet followed by a letter
        let mut trailing_mark: Option<(usize, char)> = None;
        // Whether the pending run is anything but one canonical mark in its right place (ʻ after o/g, ʼ elsewhere):
        // canonical text skips the apostrophe rules entirely.
        let mut run_needs_work = false;
        let mut last_letter = c;
        while let Some(&(j, d)) = iter.peek() {
            let u = d as u32;
            let d_script = script_of(d);
            if d_script != Script::None {
                count(&mut st, d_script);
                st.surely_nfc &= surely_nfc_char(d);
                if pending_mark.take().is_some() && run_needs_work {
                    st.marks = true;
                }
                last_letter = d;
                end = j + d.len_utf8();
                iter.next();
            } else if u >= 0x300
                && unicode_normalization::char::is_combining_mark(d)
                && pending_mark.is_none()
            {
                st.surely_nfc = false;
                end = j + d.len_utf8();
                iter.next();
            } else if is_markish(d) || (d == '\\' && bytes.get(j + 1).is_some_and(|&b| b == b'\''))
            {
                let after_og = matches!(last_letter, 'o' | 'O' | 'g' | 'G');
                let canonical_here =
                    (d == '\u{02BB}' && after_og) || (d == '\u{02BC}' && !after_og);
                if pending_mark.is_none() {
                    pending_mark = Some(j);
                    run_needs_work = !canonical_here;
                    if trailing_mark.is_none() {
                        trailing_mark = Some((j, d));
                    }
                } else {
                    run_needs_work = true;
                }
                st.surely_nfc &= surely_nfc_char(d);
                iter.next();
            } else {
                break;
            }
            if pending_mark.is_none() {
                trailing_mark = None;
            }
        }
        // A mark run that ended the word stays outside it; remember a single trailing mark (possible tutuq).
        let trailing = match (pending_mark, trailing_mark) {
            (Some(p), Some((tm, tc))) if p == tm => {
                let after = tm + tc.len_utf8();
                let next_is_mark = input[after..].chars().next().is_some_and(is_markish);
                if next_is_mark {
                    None
                } else {
                    Some((tm, tc))
                }
            }
            _ => None,
        };
        // Separator before the word: only NFC can change it.
        if sep_dirty && sep_start < start {
            sep_dirty = false;
            nfc_run(
                input,
                sep_start,
                start,
                &mut fixes,
                &mut out,
                &mut copied,
                &mut replace,
            );
        }
        sep_start = pending_mark.unwrap_or(end);
        let word = &input[start..end];
        let mixed = st.lat > 0 && st.cyr > 0;
        let wants_nfc = nfc && !st.surely_nfc;
        let wants_marks = options.apostrophes && st.marks && st.cyr == 0;
        let wants_final = options.apostrophes && trailing.is_some() && st.cyr == 0 && st.lat > 0;
        if !(wants_nfc || (options.homoglyphs && mixed) || wants_marks || wants_final) {
            continue;
        }
        if in_url_like_chunk(input, start, end) {
            continue;
        }
        // `to‘g risida`: a mark dropped and a space typed instead (spec section 5, rule 5: a lexicon repair).
        if wants_marks && pending_mark.is_none() {
            if let Some((joined, joined_end)) = split_word_repair(input, start, end, options, &ctx)
            {
                fixes.push(Fix {
                    start,
                    end: joined_end,
                    before: input[start..joined_end].to_string(),
                    after: joined.clone(),
                    rule: "apostrophe.split-word",
                });
                replace(&mut out, &mut copied, start, joined_end, &joined);
                sep_start = joined_end;
                while iter.peek().is_some_and(|&(j, _)| j < joined_end) {
                    iter.next();
                }
                continue;
            }
        }
        let new = fix_word(
            word,
            start,
            st,
            trailing.map(|(p, c)| (p - start, c)),
            options,
            &ctx,
            &mut fixes,
            &mut flags,
        );
        if let Some(new) = new {
            let new_end = new.1;
            replace(&mut out, &mut copied, start, new_end, &new.0);
            if new_end > end {
                sep_start = new_end;
                // The trailing mark was consumed into the word.
                while iter.peek().is_some_and(|&(j, _)| j < new_end) {
                    iter.next();
                }
            }
        }
    }
    if sep_dirty && sep_start < input.len() {
        nfc_run(
            input,
            sep_start,
            input.len(),
            &mut fixes,
            &mut out,
            &mut copied,
            &mut replace,
        );
    }
    let text = match out {
        Some(mut o) => {
            o.push_str(&input[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(input),
    };
    Fixed { text, fixes, flags }
}

/// True for characters below U+0300, precomposed Cyrillic letters and general punctuation: none has
/// NFC_Quick_Check No or Maybe, so a run of them is NFC and the normaliser's tables can be skipped.
#[inline]
fn surely_nfc_char(c: char) -> bool {
    matches!(c as u32, 0..=0x2FF | 0x400..=0x482 | 0x48A..=0x52F | 0x2000..=0x206F)
}

/// NFC over a separator run.
fn nfc_run(
    input: &str,
    start: usize,
    end: usize,
    fixes: &mut Vec<Fix>,
    out: &mut Option<String>,
    copied: &mut usize,
    replace: &mut impl FnMut(&mut Option<String>, &mut usize, usize, usize, &str),
) {
    let s = &input[start..end];
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return;
    }
    let n: String = s.nfc().collect();
    if n != s {
        fixes.push(Fix {
            start,
            end,
            before: s.to_string(),
            after: n.clone(),
            rule: "nfc",
        });
        replace(out, copied, start, end, &n);
    }
}

/// `to‘g risida` → `toʻgʻrisida`: the word ends in o/g, one space follows, and the word list knows the two
/// halves joined with the letter mark. Returns the repaired text and the input offset where it ends.
fn split_word_repair(
    input: &str,
    start: usize,
    end: usize,
    options: &FixOptions,
    ctx: &LazyContext<'_>,
) -> Option<(String, usize)> {
    let word = &input[start..end];
    if !word.ends_with(['o', 'O', 'g', 'G']) || input.as_bytes().get(end) != Some(&b' ') {
        return None;
    }
    let rest = &input[end + 1..];
    let next_len = rest
        .char_indices()
        .find(|&(_, c)| script_of(c) != Script::Latin)
        .map_or(rest.len(), |(i, _)| i);
    if next_len == 0 {
        return None;
    }
    let next = &rest[..next_len];
    let uzbek = match options.lang.uzbek_apostrophes() {
        Some(v) => v,
        None if options.lang == Lang::Unknown => ctx.shows_uzbek_latin() && !ctx.looks_english(),
        None => !ctx.looks_english(),
    };
    if !uzbek {
        return None;
    }
    let first = apostrophe::repair(word);
    let first = first.text.as_deref().unwrap_or(word);
    let joined = format!("{first}{}{next}", apostrophe::LETTER_MARK);
    if first.to_lowercase().contains(apostrophe::LETTER_MARK) || first.contains(apostrophe::TUTUQ) {
        // Only words that already write marks, and only exact word-list forms.
        if apostrophe::in_word_list(&joined) && !apostrophe::in_word_list(first) {
            return Some((joined, end + 1 + next_len));
        }
    }
    None
}

/// True when the whitespace-delimited chunk around `start..end` is a URL, e-mail address or domain: never touched.
fn in_url_like_chunk(input: &str, start: usize, end: usize) -> bool {
    let b = input.as_bytes();
    let mut s = start;
    while s > 0 && !b[s - 1].is_ascii_whitespace() {
        s -= 1;
    }
    let mut e = end;
    while e < b.len() && !b[e].is_ascii_whitespace() {
        e += 1;
    }
    let chunk = &input[s..e];
    let bytes = chunk.as_bytes();
    bytes.contains(&b'@')
        || (bytes.contains(&b':') && chunk.contains("://"))
        || (bytes.contains(&b'w') && chunk.contains("www."))
}

/// Runs the enabled rules over one word. Returns the new text and the input offset where it ends (past a
/// consumed trailing mark), or None when the word stays.
#[allow(clippy::too_many_arguments)]
fn fix_word(
    word: &str,
    start: usize,
    stats: WordStats,
    trailing: Option<(usize, char)>,
    options: &FixOptions,
    ctx: &LazyContext<'_>,
    fixes: &mut Vec<Fix>,
    flags: &mut Vec<Flag>,
) -> Option<(String, usize)> {
    let end = start + word.len();
    let mut cur: Cow<str> = Cow::Borrowed(word);
    let mut stats = stats;
    if options.nfc && !stats.surely_nfc && is_nfc_quick(word.chars()) != IsNormalized::Yes {
        let n: String = word.nfc().collect();
        if n != word {
            fixes.push(Fix {
                start,
                end,
                before: word.to_string(),
                after: n.clone(),
                rule: "nfc",
            });
            stats.lat = n.chars().filter(|&c| script_of(c) == Script::Latin).count();
            stats.cyr = n
                .chars()
                .filter(|&c| script_of(c) == Script::Cyrillic)
                .count();
            cur = Cow::Owned(n);
        }
    }
    if options.homoglyphs && stats.lat > 0 && stats.cyr > 0 {
        let hint = options.script.or(options.lang.script());
        let lang = options.lang;
        let decision = homoglyph::decide(
            &cur,
            hint,
            || lang == Lang::Kazakh || (lang == Lang::Auto && ctx.get().kazakh),
            options.roman_numerals,
            || ctx.get().majority(),
        );
        match decision {
            homoglyph::Decision::Keep => {}
            homoglyph::Decision::Repair(new, rule) => {
                fixes.push(Fix {
                    start,
                    end,
                    before: cur.to_string(),
                    after: new.clone(),
                    rule,
                });
                stats.lat = new
                    .chars()
                    .filter(|&c| script_of(c) == Script::Latin)
                    .count();
                stats.cyr = new
                    .chars()
                    .filter(|&c| script_of(c) == Script::Cyrillic)
                    .count();
                // A repaired letter may now stand before a mark (Cyrillic о + ʼ → Latin o + ʼ → oʻ).
                stats.marks |= new.chars().any(is_markish);
                // A twin letter may now compose with a following mark (Latin y + U+0306 → у + U+0306 → ў).
                let new = if options.nfc
                    && !stats.surely_nfc
                    && is_nfc_quick(new.chars()) != IsNormalized::Yes
                {
                    let n: String = new.nfc().collect();
                    if n != new {
                        fixes.push(Fix {
                            start,
                            end,
                            before: new.clone(),
                            after: n.clone(),
                            rule: "nfc",
                        });
                    }
                    n
                } else {
                    new
                };
                cur = Cow::Owned(new);
            }
            homoglyph::Decision::Flag(rule, suggestion) => flags.push(Flag {
                start,
                end,
                text: cur.to_string(),
                rule,
                suggestion,
            }),
        }
    }
    let mut new_end = end;
    if options.apostrophes && stats.cyr == 0 && stats.lat > 0 && (stats.marks || trailing.is_some())
    {
        let uzbek = match options.lang.uzbek_apostrophes() {
            Some(v) => v,
            None if options.lang == Lang::Unknown => {
                ctx.shows_uzbek_latin() && !ctx.looks_english()
            }
            None => !ctx.looks_english(),
        };
        // Every entry of apostrophe-foreign.txt is o'… or g'…: look up only words of that shape.
        let mut head = word.chars();
        let foreign = head
            .next()
            .is_some_and(|c| matches!(c, 'o' | 'O' | 'g' | 'G'))
            && head.next().is_some_and(is_markish)
            && tables::uz_lexicon()
                .foreign
                .contains(&apostrophe::ascii_marks_lower(word));
        if uzbek && !foreign {
            let exact = matches!(cur, Cow::Borrowed(_));
            let result = apostrophe::repair(&cur);
            for e in &result.edits {
                let (s, en) = if exact {
                    (start + e.start, start + e.end)
                } else {
                    (start, end)
                };
                fixes.push(Fix {
                    start: s,
                    end: en,
                    before: if exact {
                        cur[e.start..e.end].to_string()
                    } else {
                        cur.to_string()
                    },
                    after: e.after.to_string(),
                    rule: e.rule,
                });
            }
            for sus in &result.suspects {
                flags.push(Flag {
                    start: if exact { start + sus.start } else { start },
                    end: if exact { start + sus.end } else { end },
                    text: cur[sus.start..sus.end].to_string(),
                    rule: sus.rule,
                    suggestion: sus.suggestion.clone(),
                });
            }
            if let Some(new) = result.text {
                cur = Cow::Owned(new);
            }
            if let Some(repaired) = apostrophe::missing_mark(&cur, stats.marks) {
                fixes.push(Fix {
                    start,
                    end,
                    before: cur.to_string(),
                    after: repaired.clone(),
                    rule: "apostrophe.missing-mark",
                });
                cur = Cow::Owned(repaired);
            }
            if let Some((offset, mark)) = trailing {
                if mark != '\u{02BC}' && apostrophe::is_final_tutuq_word(&cur) {
                    let ms = start + offset;
                    let me = ms + mark.len_utf8();
                    fixes.push(Fix {
                        start: ms,
                        end: me,
                        before: mark.to_string(),
                        after: "\u{02BC}".to_string(),
                        rule: "apostrophe.final-tutuq",
                    });
                    let mut s = cur.into_owned();
                    s.push('\u{02BC}');
                    cur = Cow::Owned(s);
                    new_end = me;
                }
            }
        }
    }
    match cur {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => {
            if s == word && new_end == end {
                None
            } else {
                Some((s, new_end))
            }
        }
    }
}
