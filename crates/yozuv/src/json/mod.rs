//! MARC-in-JSON (code4lib): reader and writer, as an array, one object, or JSON Lines.
