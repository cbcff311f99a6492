//! Format knowledge for MARC 21 and UNIMARC/RUSMARC bibliographic, as data; flavour detection.
