"""French number formatting and table helpers shared by the report's renderers."""

from __future__ import annotations

import math


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
