"""The bases under the report's tables: per pole, those of the interviews N counts in
« k/N » (``Synthesis.counted_bases``). Once every interview is coded, all of the pole's;
while coding is under way, its coded interviews only (``analysis.matrices.
coded_documents``, as `matrix --value share` reads them): « Base : segments des entretiens
codés », « 1 sur 2 » coded interviews, « — » for a pole with none, and a note under the
table that says what the base is (``bases_note``). The HTML, Word and Markdown renderers
print these rows and this note alike."""

from __future__ import annotations

import pandas as pd

from ptce_coding.report.formatting import fr_count, fr_number
from ptce_coding.report.synthesis_model import Synthesis

BASE_ROWS = {  # the bases under a table once every interview is coded
    "interviews": "Base : entretiens",
    "segments": "Base : segments de parole",
    "words": "Base : mots",
    "coders": "Codeurs",
}
CODED_BASE_ROWS = {  # while some are not: the coded ones', which « k/N » and the shares count
    "segments": "Base : segments des entretiens codés",
    "words": "Base : mots des entretiens codés",
    "interviews": "Base : entretiens codés",
    "coders": "Codeurs",
}
NO_BASE = "—"  # the base of a pole none of whose interviews is coded: it has none
POLE_BASES = {  # the annex's « Bases des chiffres », a pole a row, once every interview is coded
    "interviews": "Entretiens",
    "segments": "Segments de parole",
    "words": "Mots",
    "coders": "Codeurs",
}
CODED_POLE_BASES = {  # while some are not: the coded ones', as under the tables
    "interviews": "Entretiens codés",
    "segments": "Segments des entretiens codés",
    "words": "Mots des entretiens codés",
    "coders": "Codeurs",
}


def is_base_row(label: object) -> bool:
    """Whether a row of a display frame is one of its bases (set apart by the renderers)."""
    return str(label) in {*BASE_ROWS.values(), *CODED_BASE_ROWS.values()}


def with_bases(frame: pd.DataFrame, synthesis: Synthesis, keys: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with the poles' bases of ``keys`` under it: those of the interviews N
    counts in « k/N » (``Synthesis.counted_bases``). While some interviews are not coded,
    the rows say « des entretiens codés », the coded interviews read « 1 sur 2 » (a row
    added when ``keys`` has none) and a pole with none has no base (« — »); the note under
    the table says so (``bases_note``)."""
    bases = synthesis.counted_bases()
    if bases.empty:
        return frame
    if not synthesis.partly_coded():
        rows = [[fr_number(bases.loc[case, key]) for case in bases.index] for key in keys]
        labels = [BASE_ROWS[key] for key in keys]
    else:
        keys = keys if "interviews" in keys else (*keys, "interviews")
        coded, total = synthesis.coded_interviews(), synthesis.bases["interviews"]
        rows = [
            [_coded_cell(bases, coded, total, key, case) for case in bases.index] for key in keys
        ]
        labels = [CODED_BASE_ROWS[key] for key in keys]
    found = pd.DataFrame(rows, index=labels, columns=[synthesis.pole(case) for case in bases.index])
    return pd.concat([frame, found])


def bases_by_pole(synthesis: Synthesis) -> pd.DataFrame:
    """The annex's « Bases des chiffres »: per pole (a row, by its name), the bases behind
    its figures, the cells of the base rows under the tables (``with_bases``): all of its
    interviews' once every interview is coded; while some are not, its coded interviews
    (« 1 sur 2 »), their segments and words, and « — » for a pole with none."""
    if synthesis.bases.empty:
        return pd.DataFrame()
    keys = tuple(POLE_BASES)
    bases = synthesis.counted_bases()
    if synthesis.partly_coded():
        coded, total = synthesis.coded_interviews(), synthesis.bases["interviews"]
        columns = {
            CODED_POLE_BASES[key]: [_coded_cell(bases, coded, total, key, c) for c in bases.index]
            for key in keys
        }
    else:
        columns = {
            POLE_BASES[key]: [fr_number(bases.loc[c, key]) for c in bases.index] for key in keys
        }
    frame = pd.DataFrame(
        columns, index=pd.Index([synthesis.pole(c) for c in bases.index], name="Pôle")
    )
    return frame


def bases_intro(synthesis: Synthesis) -> str:
    """The sentence above the annex's « Bases des chiffres »: what it counts per pole, the
    coded interviews' only while some are not coded (``bases_by_pole``)."""
    if not synthesis.partly_coded():
        return (
            "Ce que compte chaque pôle : ses entretiens, les segments de parole et les mots des "
            "personnes interrogées, et les codeurs dont les codages sont comptés."
        )
    return (
        "Ce sur quoi reposent les chiffres de chaque pôle tant que le codage est en cours : ses "
        "entretiens codés, leurs segments de parole et les mots qu'y disent les personnes "
        "interrogées, et les codeurs dont les codages sont comptés ; tous les entretiens et "
        "tous les mots du pôle sont dans le tableau des pôles."
    )


def _coded_cell(
    bases: pd.DataFrame, coded: pd.Series, total: pd.Series, key: str, case: str
) -> str:
    """A pole's base while some interviews are not coded: « 1 sur 2 » coded interviews,
    the figure of its coded interviews, « — » where it has none."""
    if key == "interviews":
        return _of_interviews(coded[case], total[case])
    return fr_number(bases.loc[case, key]) if coded[case] else NO_BASE


def _of_interviews(coded: object, total: object) -> str:
    """« 1 sur 2 »: the pole's coded interviews out of its interviews."""
    return f"{fr_number(coded)} sur {fr_number(total)}"


def bases_note(synthesis: Synthesis) -> str:
    """The note under a table with bases while some interviews are not coded: its figures
    and bases rest on the coded interviews only (« 1 sur 2 » read for a pole of the
    report), « — » for a pole with none; empty once every interview is coded."""
    if synthesis.bases.empty or not synthesis.partly_coded():
        return ""
    coded, total = synthesis.coded_interviews(), synthesis.bases["interviews"]
    shown = [case for case in coded.index if 0 < coded[case] < total[case]] or [
        case for case in coded.index if coded[case]
    ]
    text = "Bases : les entretiens codés seulement, sur lesquels reposent les chiffres du tableau"
    if shown:
        case = shown[0]
        k, n = int(coded[case]), int(total[case])
        text += (
            f" (« {_of_interviews(k, n)} » : {fr_count(k, 'entretien codé', 'entretiens codés')}"
            f" sur {'le seul' if n < 2 else f'les {fr_number(n)}'} du pôle)"
        )
    if not coded.all():
        text += f" ; « {NO_BASE} » : aucun entretien du pôle n'est encore codé"
    return text + "."
