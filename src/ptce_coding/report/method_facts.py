"""What the report says of the coding it rests on: how far it has gone (interviews and
segments coded, suggestions still waiting), who made the codings counted, how to read the
figures. Sentences for the covers and the method note, read by the HTML, Markdown and Word
renderers (through ``tables``, the namespace the templates read)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER
from ptce_coding.report.codebook_changes import set_aside_said
from ptce_coding.report.coding_reach import coverage_said, decided_said
from ptce_coding.report.formatting import fr_count, fr_number, fr_plural
from ptce_coding.report.synthesis_model import Synthesis

NOT_CODED = "non codé"


def coding_progress(synthesis: Synthesis) -> str:
    """While some interviews have no coding counted: how many are coded, the poles with none
    and how the tables read then; empty once every interview is coded."""
    if not synthesis.partly_coded():
        return ""
    coded = int(synthesis.coded_interviews().sum())
    total = int(synthesis.bases["interviews"].sum())
    verb = "est codé" if coded < 2 else "sont codés"
    text = (
        f"Codage en cours : {fr_count(coded, 'entretien')} sur {fr_number(total)} {verb} ; les "
        "tableaux rapportent les entretiens qui abordent un axe aux entretiens codés du pôle."
    )
    uncoded = synthesis.uncoded_poles()
    if not uncoded:
        return text
    one = len(uncoded) == 1
    listed = uncoded[0] if one else f"{', '.join(uncoded[:-1])} et {uncoded[-1]}"
    return (
        f"{text} Aucun entretien codé encore pour {listed} : les tableaux "
        f"{'le' if one else 'les'} marquent « {NOT_CODED} » plutôt que de "
        f"{'lui' if one else 'leur'} donner des zéros, qui diraient que "
        f"{'ses' if one else 'leurs'} entretiens n'abordent pas ces axes."
    )


def coding_scope(synthesis: Synthesis) -> str:
    """The method note's first words on the coding, as far as it went: « Les 10 entretiens
    ont été codés », « Seuls 2 entretiens sur 10 ont été codés » while some are not."""
    if synthesis.bases.empty:
        return "Aucun entretien n'a été codé"
    total = int(synthesis.bases["interviews"].sum())
    if not synthesis.partly_coded():
        if total < 2:
            return "L'entretien a été codé"
        return f"Les {fr_number(total)} entretiens ont été codés"
    coded = int(synthesis.coded_interviews().sum())
    if coded < 2:
        return f"Seul {fr_number(coded)} entretien sur {fr_number(total)} a été codé"
    return f"Seuls {fr_number(coded)} entretiens sur {fr_number(total)} ont été codés"


def segments_coded(synthesis: Synthesis) -> str:
    """« 175 des 234 segments de parole portent au moins un codage (75 %) ; selon
    l'entretien, de 40 % à 95 % de ses segments » (``coding_reach.coverage_said``); empty
    when the synthesis does not hold the figure."""
    coded = synthesis.figures.get("coded_segments")
    if coded is None:
        return ""
    total = int(synthesis.figures.get("segments", 0))
    if coded == total:
        return (
            f"{'le segment' if total < 2 else f'les {fr_number(total)} segments'} de parole "
            f"{'porte' if total < 2 else 'portent'} au moins un codage"
        )
    return (
        f"{fr_number(coded)} des {fr_count(total, 'segment')} de parole "
        f"{'porte' if coded < 2 else 'portent'} au moins un codage{coverage_said(synthesis)}"
    )


def reach_note(synthesis: Synthesis) -> str:
    """The annex's words on how far the coding reaches: the segments coded, overall and
    from one interview to another, and the confidence of the suggestions decided."""
    segments = segments_coded(synthesis)
    said = [segments[:1].upper() + segments[1:] + "." if segments else "", decided_said(synthesis)]
    return " ".join(part for part in said if part)


def _counted_codings(synthesis: Synthesis) -> pd.DataFrame:
    """The rows of the coders' table (coder, method, status, codings) the figures count:
    the statuses counted, the interview's structure aside (nobody's judgement)."""
    coders = synthesis.method.coders
    if coders.empty:
        return coders
    counted = coders["status"].isin(synthesis.method.statuses)
    return coders[counted & (coders["coder"] != STRUCTURE_CODER)]


def provenance(synthesis: Synthesis) -> str:
    """Who produced the codings counted, with their numbers: « 218 codages comptés, tous des
    suggestions automatiques acceptées à la relecture », « 30 codages comptés : 12 codés à
    la main, 18 suggestions automatiques acceptées à la relecture ». The consensus's
    decisions are not codings of one more coder: they settle the coders' codings on their
    passages (a « oui » counted in their place, a « non » taking them out), so the count is
    of the coders' codings and the decisions are said apart (« 12 codages des codeurs
    comptés … ; 2 décisions de consensus … »). A coder holding decisions that no consensus
    applies (``unapplied``) is counted as the coder it then is, and said to be."""
    rows = _counted_codings(synthesis)
    consensus = synthesis.method.selection.consensus
    coded = rows[rows["coder"] != consensus] if consensus and not rows.empty else rows
    decided = _decisions(synthesis)
    if (coded.empty or not int(coded["codings"].sum())) and not sum(decided.values()):
        return "Aucun codage n'est compté."
    return _coders_count(synthesis, coded) + _decisions_said(consensus, decided)


KINDS = {
    "main": ("codé à la main", "codés à la main"),
    "accepted": (
        "suggestion automatique acceptée à la relecture",
        "suggestions automatiques acceptées à la relecture",
    ),
    "threshold": (
        "suggestion automatique acceptée en bloc au-dessus d'un {seuil}, sans être relue une à une",
        "suggestions automatiques acceptées en bloc au-dessus d'un {seuil}, sans être relues une "
        "à une",
    ),
    "waiting": (
        "suggestion automatique non relue",
        "suggestions automatiques non relues",
    ),
}


def thresholds_said(thresholds: list[float]) -> str:
    """« seuil de confiance (0,8) », « seuil de confiance (0,8 ou 0,9) »: the thresholds
    of the acceptances by threshold (`review --accept-above`)."""
    values = [f"{value:g}".replace(".", ",") for value in sorted(thresholds)]
    listed = values[0] if len(values) == 1 else f"{', '.join(values[:-1])} ou {values[-1]}"
    return f"seuil de confiance ({listed})"


def _kind_words(kind: str, count: int, synthesis: Synthesis) -> str:
    """The words of one kind of codings counted, ``count`` of them (``KINDS``); the
    acceptances by threshold with their threshold."""
    one, many = KINDS[kind]
    words = one if count < 2 else many
    if kind == "threshold":
        words = words.format(seuil=thresholds_said(list(synthesis.method.accepted_above)))
    return words


def _coders_count(synthesis: Synthesis, rows: pd.DataFrame) -> str:
    """« 12 codages comptés, tous codés à la main. », by kind, of the coders' codings
    counted (``rows``: the consensus's left out); « des codeurs » when a consensus is
    applied (its decisions are said apart)."""
    found: Counter[str] = Counter()
    for method, status, codings in zip(
        rows["method"], rows["status"], rows["codings"], strict=True
    ):
        if status == "suggested":
            kind = "waiting"
        elif method in ("rule", "model"):
            kind = "accepted"
        else:
            kind = "main"
        found[kind] += int(codings)
    # the acceptances by threshold apart from those read one by one (review --accept-above)
    unread = min(sum(synthesis.method.accepted_above.values()), found["accepted"])
    if unread:
        found["accepted"] -= unread
        found["threshold"] = unread
    total = sum(found.values())
    whose = " des codeurs" if synthesis.method.selection.consensus else ""
    head = f"{fr_count(total, 'codage')}{whose} {fr_plural(total, 'compté')}"
    parts = [(kind, found[kind]) for kind in KINDS if found[kind]]
    if not parts:
        text = head
    elif len(parts) == 1:
        kind, _ = parts[0]
        every = "le seul" if total < 2 else "tous des"
        if kind == "main":
            text = f"{head}, {'codé' if total < 2 else 'tous codés'} à la main"
        else:
            text = f"{head}, {every} {_kind_words(kind, total, synthesis)}"
    else:
        listed = [f"{fr_number(n)} {_kind_words(kind, n, synthesis)}" for kind, n in parts]
        text = f"{head} : {', '.join(listed[:-1])} et {listed[-1]}"
    return text + _unapplied_said(synthesis, rows) + "."


def _unapplied_said(synthesis: Synthesis, rows: pd.DataFrame) -> str:
    """« , dont 1 de consensus. Les décisions de consensus ne sont pas appliquées … » for
    the coders counted who hold « no » decisions (their own codings rejected: a filled
    disagreements workbook imported under their name) that no consensus applies; their
    « yes » are counted beside the codings they decided, as one more coder's."""
    coders = synthesis.method.coders
    if coders.empty or rows.empty:
        return ""
    people = ~coders["coder"].isin([*MACHINE_CODERS, STRUCTURE_CODER])
    holders = sorted(set(coders.loc[people & (coders["status"] == "rejected"), "coder"]))
    holders = [name for name in holders if name != synthesis.method.selection.consensus]
    counted = {name: int(rows.loc[rows["coder"] == name, "codings"].sum()) for name in holders}
    counted = {name: n for name, n in counted.items() if n}
    if not counted:
        return ""
    among = ", ".join(f"{fr_number(n)} de {name}" for name, n in counted.items())
    names = list(counted)
    named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
    one = len(names) == 1
    their = "ses" if one else "leurs"
    return (
        f", dont {among}. Les décisions enregistrées sous {named} ne sont pas appliquées "
        "(aucun consensus n'est désigné : `analysis.consensus` dans project.yaml) ; "
        f"{named} {'est compté comme un codeur' if one else 'sont comptés comme des codeurs'}"
        f" de plus : {their} « oui » comptent en double les passages tranchés, {their} "
        "« non » ne retirent rien"
    )


def _decisions(synthesis: Synthesis) -> Counter[str]:
    """The consensus's decisions the report applies: « oui » (accepted) and « non »
    (rejected) → how many (none without a consensus)."""
    consensus = synthesis.method.selection.consensus
    coders = synthesis.method.coders
    found: Counter[str] = Counter()
    if not consensus or coders.empty:
        return found
    mine = coders[coders["coder"] == consensus]
    for status, codings in zip(mine["status"], mine["codings"], strict=True):
        if status in DECISION_WORDS:
            found[DECISION_WORDS[status]] += int(codings)
    return found


DECISION_WORDS = {"accepted": "oui", "rejected": "non"}


def _decisions_said(consensus: str | None, decided: Counter[str]) -> str:
    """« 2 décisions de consensus (consensus) tranchent des désaccords, à part de ce
    compte : 1 « oui », compté à la place des codages du passage, et 1 « non », qui les
    retire. »; empty without any."""
    total = sum(decided.values())
    if not consensus or not total:
        return ""
    yes, no = decided["oui"], decided["non"]
    parts = []
    if yes:
        parts.append(
            f"{fr_number(yes)} « oui », {fr_plural(yes, 'compté')} à la place des codages "
            f"{'de son passage' if yes < 2 else 'de leurs passages'}"
        )
    if no:
        parts.append(f"{fr_number(no)} « non », qui {'les retire' if no < 2 else 'les retirent'}")
    return (
        f" {fr_count(total, 'décision')} de consensus ({consensus}) "
        f"{'tranche' if total < 2 else 'tranchent'} des désaccords, à part de ce compte : "
        f"{' et '.join(parts)}."
    )


def waiting_suggestions(synthesis: Synthesis) -> int:
    """The taggers' suggestions nobody has reviewed yet, among the codings the report could
    count (the coders' table): not counted unless the report includes suggestions."""
    coders = synthesis.method.coders
    if coders.empty:
        return 0
    return int(coders.loc[coders["status"] == "suggested", "codings"].sum())


def pending_note(synthesis: Synthesis) -> str:
    """« 119 suggestions automatiques restent à relire : les tableaux peuvent encore
    changer. » while some wait and are not counted (a « 0/2 » may still become « 1/2 »)."""
    if synthesis.includes_suggestions:
        return ""
    return pending_sentence(waiting_suggestions(synthesis))


def pending_sentence(waiting: int) -> str:
    """« 119 suggestions automatiques restent à relire : les tableaux peuvent encore
    changer. » for ``waiting`` suggestions not counted; empty for none (the web's matrix
    page says it as the report does)."""
    if not waiting:
        return ""
    if waiting < 2:
        return "1 suggestion automatique reste à relire : les tableaux peuvent encore changer."
    return (
        f"{fr_number(waiting)} suggestions automatiques restent à relire : les tableaux "
        "peuvent encore changer."
    )


def coding_note(synthesis: Synthesis) -> str:
    """The method note's « Codage » paragraph: how far the coding went, with which codebook,
    on how many segments, who produced the codings counted, what still waits."""
    method = synthesis.method
    segments = segments_coded(synthesis)
    text = (
        f"{coding_scope(synthesis)} avec la grille « {method.codebook_name} » "
        f"({fr_count(len(synthesis.codebook), 'code')} en "
        f"{fr_count(len(synthesis.chapters), 'axe')})"
        + (f" ; {segments}" if segments else "")
        + f". {provenance(synthesis)}"
    )
    if decided_said(synthesis):
        text += f" {decided_said(synthesis)}"
    if set_aside_said(synthesis):
        text += f" {set_aside_said(synthesis)}"
    rules_alone = synthesis.includes_suggestions and not method.counted
    if synthesis.includes_suggestions and not rules_alone:
        text += (
            " Les suggestions automatiques (règles sur les mots de la grille) non relues sont "
            "comptées : les chiffres sont provisoires."
        )
    if pending_note(synthesis):
        text += f" {pending_note(synthesis)}"
    # the rules' suggestions alone: said once, not three times over (helper U, session 42)
    figures = (
        "Les chiffres et les citations, provisoires,"
        if rules_alone
        else "Les chiffres et les citations"
    )
    text += f" {figures} reposent sur {method.whose}."
    if synthesis.retired_note():
        text += f" {synthesis.retired_note()}"
    return text


def interviews_per_pole(synthesis: Synthesis) -> str:
    """« deux entretiens par pôle », « 1 à 3 entretiens par pôle », from the bases; while
    some interviews are not coded, those the figures count, of the poles with one or more:
    « 1 à 2 entretiens codés par pôle »."""
    if synthesis.bases.empty:
        return ""
    counts = synthesis.bases["interviews"]
    coded = ""
    if synthesis.partly_coded():
        counts = synthesis.coded_interviews()
        counts, coded = counts[counts > 0], " codé"
        if counts.empty:
            return ""
    low, high = int(counts.min()), int(counts.max())
    if low == high:
        if low < 2:
            return f"un entretien{coded} par pôle"
        return f"{fr_number(low)} entretiens{coded and coded + 's'} par pôle"
    return f"{fr_number(low)} à {fr_number(high)} entretiens{coded and coded + 's'} par pôle"


def reading_note(synthesis: Synthesis) -> str:
    """The method note's « Lire les chiffres » paragraph: what the figures are relative to
    (the pole's interviews; while some are not coded, its coded ones, « non codé » for a
    pole with none), with the poles' real number of them."""
    per_pole = interviews_per_pole(synthesis)
    partly = synthesis.partly_coded()
    base = (
        "entretiens codés du pôle, les seuls que le codage a lus jusqu'ici"
        if partly
        else ("entretiens du pôle")
    )
    uncoded = (
        f" (« {NOT_CODED} » : aucun entretien du pôle n'est encore codé)"
        if partly and synthesis.uncoded_poles()
        else ""
    )
    shares = (
        "rapportées elles aussi aux entretiens codés, avec leurs bases"
        if partly
        else "avec leurs bases"
    )
    return (
        f"Les tableaux donnent le nombre d'entretiens qui abordent un thème, rapporté aux "
        f"{base}{uncoded}"
        + (
            f" : avec {per_pole}, un écart d'un entretien n'est pas une différence entre pôles"
            if per_pole
            else ""
        )
        + ". Les parts de segments, sensibles à la retranscription, et les parts de mots sont "
        f"dans l'annexe de recherche, {shares}."
    )
