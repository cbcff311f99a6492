//! MARCXML (MARC 21 slim) and MarcXchange: streaming reader and writer.
