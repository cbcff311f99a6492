//! Character sets: MARC-8, UNIMARC sets (ISO 5426/5427/5428), legacy Cyrillic code pages, and detection.
