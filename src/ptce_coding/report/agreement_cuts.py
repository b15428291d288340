"""What the report says of the units its intercoder agreement left out where a coder
evidently stopped coding a document (analysis/coded_extent.py): which coder, which interview,
from which unit on, in the research annex's agreement part; the restitution's method note
says that some were left out and where the detail is."""

from __future__ import annotations

from ptce_coding.analysis.coded_extent import Cut
from ptce_coding.report.formatting import fr_count, fr_number, names_agreeing
from ptce_coding.report.synthesis_model import Synthesis


def _listed(names: list[str]) -> str:
    """« de alice », « de alice et de bob »: each name after « de » (made to agree later)."""
    each = [f"de {name}" for name in names]
    return each[0] if len(each) == 1 else f"{', '.join(each[:-1])} et {each[-1]}"


def _cut_said(synthesis: Synthesis, cut: Cut) -> str:
    """One cut: « dans Entretien A1, le codage de bob s'arrête au segment 4 (unité 4 sur 10)
    quand celui de alice continue : les 6 unités suivantes (segments 5 à 10, dont 3 codées
    par alice) sont laissées hors de la comparaison de alice et bob »."""
    others = [coder for coder in cut.coders if coder != cut.coder]
    left = cut.left_out
    segments = (
        f"segment {fr_number(cut.first_left)}"
        if cut.first_left == cut.last_left
        else f"segments {fr_number(cut.first_left)} à {fr_number(cut.last_left)}"
    )
    traced = (
        f"dont {fr_number(cut.others_traced)} "
        f"{'codée' if cut.others_traced < 2 else 'codées'} par "
        + (f"{others[0]}" if len(others) == 1 else "un autre codeur")
    )
    what = "l'unité suivante" if left < 2 else f"les {fr_count(left, 'unité')} suivantes"
    verb = "est laissée" if left < 2 else "sont laissées"
    return (
        f"dans {synthesis.names.interview(cut.document)}, le codage de {cut.coder} s'arrête au "
        f"segment {fr_number(cut.last_segment)} (unité {fr_number(cut.last_unit)} sur "
        f"{fr_number(cut.units)}) quand {'celui' if len(others) == 1 else 'ceux'} "
        f"{_listed(others)} {'continue' if len(others) == 1 else 'continuent'} : {what} "
        f"({segments}, {traced}) {verb} hors de la comparaison "
        f"{_listed(list(cut.coders))}"
    )


def cuts_note(synthesis: Synthesis) -> str:
    """The research annex's words on the units the agreement left out where a coder
    stopped, each cut said, and how to count every unit; empty without any."""
    cuts = synthesis.method.cuts
    if not cuts:
        return ""
    stopped = sorted({cut.coder for cut in cuts})
    one = len(stopped) == 1
    said = " ; ".join(_cut_said(synthesis, cut) for cut in cuts)
    text = (
        "Des unités sont laissées hors de l'accord, là où un codeur a visiblement cessé de "
        "coder un entretien (après sa dernière trace, une fin bien plus longue que tout ce "
        "qu'il a laissé sans code avant, où les autres codent encore). "
        + said[:1].upper()
        + said[1:]
        + f". Si {' et '.join(stopped)} {'a' if one else 'ont'} lu "
        f"{'cet entretien' if len(cuts) < 2 else 'ces entretiens'} jusqu'au bout sans rien y "
        "trouver à coder, `ptce-coding agreement --whole-documents` compte toutes les unités."
    )
    names = {name for cut in cuts for name in cut.coders}
    return names_agreeing(text, sorted(names, key=len, reverse=True))


def cuts_said(synthesis: Synthesis) -> str:
    """The restitution's words on the same cuts, before its pointer to the annex: « Pour 1
    entretien, la comparaison s'arrête là où un codeur a visiblement cessé de coder. »;
    empty without any."""
    documents = {cut.document for cut in synthesis.method.cuts}
    if not documents:
        return ""
    return (
        f"Pour {fr_count(len(documents), 'entretien')}, la comparaison s'arrête là où un "
        "codeur a visiblement cessé de coder."
    )
