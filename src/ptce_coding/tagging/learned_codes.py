"""The codes the model learns and suggests: the codebook's codes not retired."""

from __future__ import annotations

from ptce_coding.codebook.model import Codebook


def codebook_codes(codebook: Codebook) -> list[str]:
    """The ids of the codebook's codes not retired, in the codebook's order."""
    return [code.id for code in codebook.codes if not code.retired]
