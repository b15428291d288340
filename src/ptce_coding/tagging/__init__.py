"""Taggers that suggest codings: rules (``rules.py``) and, later, the assisted model."""
