"""The synthesis report for the restitution and its research annex (HTML, DOCX, Markdown,
XLSX, figures), rendered from the data it is given: it never opens the store."""
