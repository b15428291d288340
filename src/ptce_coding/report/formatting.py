"""French number formatting and table helpers shared by the report's renderers."""

from __future__ import annotations

import math
from collections.abc import Callable


def fr_number(value: object, decimals: int = 1) -> str:
    """12.5 → « 12,5 »; integers without decimals; missing → « — »."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int) or (
        isinstance(value, float) and value.is_integer() and decimals == 0
    ):
        return f"{int(value):,}".replace(",", "\u202f")
    if isinstance(value, float):
        return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    if hasattr(value, "item"):
        return fr_number(value.item(), decimals)
    return str(value)


def fr_count(
    count: int,
    singular: str,
    plural: str | None = None,
    number: Callable[[int], str] = fr_number,
) -> str:
    """« 1 pôle », « 2 pôles », « 0 pôle » (French: under 2, the singular); ``plural`` when
    it is not ``singular`` and an s (« entretiens semi-directifs »); the count written by
    ``number`` (the renderer's own way with thousands)."""
    noun = singular if abs(count) < 2 else plural or f"{singular}s"
    return f"{number(count)} {noun}"
