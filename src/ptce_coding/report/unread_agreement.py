"""What the method note says of the codings accepted by threshold (`review --accept-above`)
when it reports the agreement between coders: such a coding is not its coder's reading, so
the agreement compares it as the tagger's suggestion (analysis/unread_codings.py), and the
note says how many of each coder's codings this leaves out, and at which threshold."""

from __future__ import annotations

from ptce_coding.analysis.unread_codings import UnreadShare
from ptce_coding.report.formatting import fr_number
from ptce_coding.report.method_facts import thresholds_said
from ptce_coding.report.synthesis_model import Synthesis


def unread_said(synthesis: Synthesis) -> str:
    """« 143 des 150 codages de doctorante sont des suggestions automatiques acceptées en
    bloc au-dessus d'un seuil de confiance (0,8), sans être relues une à une : l'accord ne
    les compte pas comme ses codages. », one sentence per coder; empty when none."""
    return " ".join(_coder_said(share) for share in synthesis.method.unread)


def _coder_said(share: UnreadShare) -> str:
    seuil = thresholds_said(list(share.thresholds))
    one = share.unread == 1
    what = (
        f"une suggestion automatique acceptée en bloc au-dessus d'un {seuil}, sans être relue "
        "une à une"
        if one
        else f"des suggestions automatiques acceptées en bloc au-dessus d'un {seuil}, sans être "
        "relues une à une"
    )
    if share.none_read:
        if one:
            return (
                f"Le seul codage de {share.coder} est {what} : l'accord ne compare pas "
                f"{share.coder}, qui n'a relu aucun de ses codages."
            )
        return (
            f"Les {fr_number(share.codings)} codages de {share.coder} sont tous {what} : "
            f"l'accord ne compare pas {share.coder}, qui n'a relu aucun de ses codages."
        )
    verb = "est" if one else "sont"
    them = "le compte" if one else "les compte"
    return (
        f"{fr_number(share.unread)} des {fr_number(share.codings)} codages de {share.coder} "
        f"{verb} {what} : l'accord ne {them} pas parmi ses codages."
    )
