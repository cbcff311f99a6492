//! Uzbek (and Kazakh, Russian) text: homoglyph repair, apostrophes, transliteration, search keys.
