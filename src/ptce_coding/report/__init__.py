"""Writers of generated files (spreadsheets; later the synthesis report and charts)."""
