"""Coders compared deeper than they coded: a coder who codes only the axes (level 1) is
compared, at full depth, on every sub-code the others used, and each reads as a disagreement
with them, though they never meant to decide it. The group is told, with the level that
compares them on what they all coded (``agreement --level N``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ptce_coding.codebook.model import Codebook


@dataclass(frozen=True)
class ShallowCoder:
    """``coder`` coded no code deeper than ``depth``; the others' codings compared go down
    to ``compared`` (the comparison's level, or deeper codes' depth)."""

    coder: str
    depth: int
    compared: int


def shallow_coders(
    mine: pd.DataFrame,
    codebook: Codebook,
    coders: list[str],
    level: int | None,
    prefix: str | None = None,
) -> list[ShallowCoder]:
    """The ``coders`` whose codings in ``mine`` (``agreement_table.coder_codings``) stop
    above the depth at which the others' are compared (``level``, None: as coded), in the
    order of ``coders``; with ``prefix`` (`--codes`), the codes under it and those above it
    only; codes not in the codebook are left to ``check_codes``."""
    known = mine[mine["code"].isin([code.id for _, code in codebook.walk()])]
    if prefix:
        known = known[
            [code.startswith(prefix) or prefix.startswith(f"{code}.") for code in known["code"]]
        ]
    deepest: dict[str, int] = {}
    for coder in coders:
        codes = set(known.loc[known["coder"] == coder, "code"])
        if codes:
            depth = max(codebook.depth(code) for code in codes)
            deepest[coder] = depth if level is None else min(depth, level)
    if not deepest:
        return []
    compared = max(deepest.values())
    return [
        ShallowCoder(coder, depth, compared) for coder, depth in deepest.items() if depth < compared
    ]


def shallow_sentence(shallow: ShallowCoder) -> str:
    """« dmitri coded no code deeper than level 1, the others down to level 3: … »."""
    return (
        f"{shallow.coder} coded no code deeper than level {shallow.depth}, the others down to "
        f"level {shallow.compared}: each code under level {shallow.depth} that the others "
        f"coded counts as a disagreement with {shallow.coder}; compare at --level "
        f"{shallow.depth} to read them on what they all coded"
    )
