"""Exchange with other tools: codings files (CSV, XLSX), REFI-QDA projects and codebooks
(.qdpx, .qdc) for NVivo, ATLAS.ti, MAXQDA and QualCoder."""
