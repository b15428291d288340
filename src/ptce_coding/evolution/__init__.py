"""How a study changes over time: codebook operations carried over to the codings (rename,
merge, split, retire), memos, the history of changes, structural codes from the interview
guide, and what removing or moving documents and cases takes with it."""
