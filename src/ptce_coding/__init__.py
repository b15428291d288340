"""ptce-coding: coding qualitative interviews of PTCE against a shared codebook."""

__version__ = "0.1.0"
