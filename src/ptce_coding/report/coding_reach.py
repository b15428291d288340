"""How far the coding reaches, said in the method notes (helper T, session 40): how much of
each interview is coded, and the confidence of the taggers' suggestions that were decided.

A report whose 23 codings lie on 538 segments said so only through its tables' shares: the
method note now gives the share of the segments coded, overall and from one interview to
another, the lowest and highest confidence of the suggestions decided, and the threshold
(``coding.min_confidence``) the rules wrote those of them they made at, which each rule
suggestion's evidence ends with."""

from __future__ import annotations

from ptce_coding.report.formatting import fr_count, fr_decimal, fr_number
from ptce_coding.report.synthesis_model import Synthesis


def share_said(percent: float) -> str:
    """« 4,1 % », « 57 % »: a decimal under 10 %, where a point is much."""
    if 0 < percent < 10:
        return f"{fr_decimal(percent, 1)}\u00a0%"
    return f"{fr_number(round(percent))}\u00a0%"


def coverage_said(synthesis: Synthesis) -> str:
    """« (4,1 %) ; selon l'entretien, de 0,9 % à 7,0 % de ses segments », to follow « 22 des
    538 segments de parole portent au moins un codage »: the share overall, then its range
    over the interviews with a coding counted (« entretien codé » while some are not), or
    the one share of them all (« 50 % des segments de chaque entretien codé »); empty when
    no segment is coded."""
    coded = int(synthesis.figures.get("coded_segments", 0) or 0)
    total = int(synthesis.figures.get("segments", 0) or 0)
    if not coded or not total:
        return ""
    text = f" ({share_said(coded / total * 100)})"
    shares = synthesis.method.coverage
    if len(shares) < 2:
        return text
    low, high = share_said(float(shares.min())), share_said(float(shares.max()))
    which = "l'entretien codé" if synthesis.partly_coded() else "l'entretien"
    if low == high:
        return f"{text} ; {low} des segments de chaque {which[2:]}"
    return f"{text} ; selon {which}, de {low} à {high} de ses segments"


def decided_said(synthesis: Synthesis) -> str:
    """« Les 26 suggestions automatiques décidées (10 acceptées, 16 rejetées) avaient une
    confiance estimée entre 0,16 et 0,54. »; empty when none was decided, or none had a
    confidence."""
    decided = synthesis.method.decided
    if decided is None or decided.lowest is None or decided.highest is None:
        return ""
    total = decided.accepted + decided.rejected
    if decided.accepted and decided.rejected:
        what = (
            f"décidées ({fr_count(decided.accepted, 'acceptée')}, "
            f"{fr_count(decided.rejected, 'rejetée')})"
        )
    else:
        what = "acceptée" if decided.accepted else "rejetée"
        what = what if total < 2 else f"{what}s"
    head = (
        f"La suggestion automatique {what} avait"
        if total < 2
        else f"Les {fr_number(total)} suggestions automatiques {what} avaient"
    )
    low, high = fr_decimal(decided.lowest, 2), fr_decimal(decided.highest, 2)
    said = (
        f"{head} une confiance estimée de {low}"
        if low == high
        else f"{head} une confiance estimée entre {low} et {high}"
    )
    return f"{said}{_thresholds_said(decided.thresholds)}."


def _thresholds_said(thresholds: tuple[float, ...]) -> str:
    """« ; les règles n'écrivaient une suggestion qu'à partir d'une confiance de 0,15 »: the
    thresholds the rules wrote the decided suggestions at (several when the project changed
    it between runs)."""
    if not thresholds:
        return ""
    said = [fr_decimal(value, 2) for value in thresholds]
    if len(said) == 1:
        return f" ; les règles n'écrivaient une suggestion qu'à partir d'une confiance de {said[0]}"
    listed = f"{', '.join(said[:-1])} ou {said[-1]}"
    return (
        " ; les règles n'écrivaient une suggestion qu'à partir d'une confiance de "
        f"{listed}, selon le moment"
    )
