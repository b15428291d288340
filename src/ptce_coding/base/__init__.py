"""The bottom layer, imported by every other package and importing none of them: errors,
whole-or-nothing files, the typed records of the data model, tables and spreadsheet cells,
chart primitives, text decoding, the spaCy language loading, whose coding counts, and the
settings objects several packages share."""
