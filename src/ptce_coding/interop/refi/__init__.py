"""REFI-QDA exchange (.qdpx projects, .qdc codebooks) as plain data: no store, no CLI.

- ``write_qdpx`` / ``read_qdpx``: a project (codebook, texts, codings, cases, variables);
- ``write_qdc`` / ``read_qdc``: a codebook alone;
- ``code_ids``: ptce-coding ids for codes that come from another tool.

Offsets of ``RefiCoding`` are code points into ``RefiSource.text`` (NFC, ``\\n``, no BOM),
whatever convention the writing tool used (``RefiProject.offset_convention`` says which).
Untrusted files are read safely (see ``safety.py``).
"""

from __future__ import annotations

from .codes import build_description, description_fields, split_description
from .ids import code_ids
from .model import RefiCase, RefiCode, RefiCoding, RefiNote, RefiProject, RefiSet, RefiSource
from .qdc import read_qdc, write_qdc
from .reader import read_qdpx
from .safety import MAX_MEMBERS, MAX_TOTAL_SIZE
from .writer import write_qdpx

__all__ = [
    "MAX_MEMBERS",
    "MAX_TOTAL_SIZE",
    "RefiCase",
    "RefiCode",
    "RefiCoding",
    "RefiNote",
    "RefiProject",
    "RefiSet",
    "RefiSource",
    "build_description",
    "code_ids",
    "description_fields",
    "read_qdc",
    "read_qdpx",
    "split_description",
    "write_qdc",
    "write_qdpx",
]
