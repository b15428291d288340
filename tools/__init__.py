"""Developer tools run by hand from the repository root (``python -m tools.NAME``)."""
