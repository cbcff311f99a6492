//! UDC
