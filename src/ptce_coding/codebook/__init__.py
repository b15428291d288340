"""The codebook: its model (codes, rules, versions), the YAML loader that says where an
error is, the YAML tree kept with its comments for edits, edits and merges of codes, and the
diff of two versions. It knows nothing of codings or the store."""
