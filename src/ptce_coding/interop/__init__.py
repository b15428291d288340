"""Exchange with other tools: codings as CSV/XLSX (later REFI-QDA)."""
