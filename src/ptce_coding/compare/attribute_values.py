"""A case attribute's value as the comparison reads it (cases.csv): compared without capitals
or a closing full stop; the values that say « no », and those that say nobody knows."""

from __future__ import annotations


def plain_value(value: str) -> str:
    """An attribute's value as the truth table compares it: no capitals, no space or
    full stop around it (« Non. » is « non »)."""
    folded = value.strip().casefold()
    return folded.rstrip(" .;,!") or folded


ABSENT_VALUES = frozenset(
    plain_value(v) for v in ("", "non", "no", "false", "faux", "0", "aucun", "none", "n")
)
# what a spreadsheet or a statistics package writes for a value nobody knows: read as present
# (not empty, not « non »), a pole where it is written would count as having the attribute
UNKNOWN_VALUES = frozenset(
    plain_value(v)
    for v in (
        "na", "n/a", "n.a.", "#n/a", "nan", "null", "nc", "n.c.", "nr", "n.r.", "nsp", "?",
        "-", "–", "—", "...", "…", "inconnu", "inconnue", "non renseigné", "non renseignée",
        "ne sait pas", "non communiqué", "non communiquée",
    )
)  # fmt: skip
