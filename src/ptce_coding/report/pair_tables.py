"""The report's pairwise agreement table (``agreement_pairs.py``): each pair of coders with
interviews in common, at the axis level, each coder's mean with the others, and the sentences
that read them, in French."""

from __future__ import annotations

import pandas as pd

from ptce_coding.analysis.agreement_pairs import NOT_COMPARED
from ptce_coding.analysis.agreement_table import MEAN, THRESHOLDS, TOO_FEW
from ptce_coding.report.formatting import fr_count, fr_number
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.tables import (
    AGREEMENT,
    TOO_FEW_FR,
    agreement_table,
    cuts_said,
    too_few_axes,
    unread_said,
)

PAIRS = (  # the pairwise table: a pair's interviews in common, their units, its statistics
    ("documents", "Entretiens", 0),
    ("units", "Unités", 0),
    *AGREEMENT[2:],
)  # its decisions are in the workbook: one more column would not fit the page
READINGS = {"✓": "fiable", "~": "provisoire", "✗": "à écarter"}  # analysis' flag → French
# the restitution's words for an axis' reading (``tables.reading``), to a reader who does not
# know Krippendorff's thresholds
PLAIN_READINGS = (
    ("fiable", "fiable"),
    ("provisoire", "à confirmer"),
    ("à écarter", "insuffisant"),
)


def shown_pairs(synthesis: Synthesis) -> pd.DataFrame:
    """The rows the pairwise table shows: the pairs with a document in common, then the
    means of the coders compared with someone."""
    table = synthesis.method.pairwise
    if table is None:
        return pd.DataFrame()
    shown = [
        bool(row["pairs"]) if row["with"] == MEAN else row["documents"] > 0
        for _, row in table.iterrows()
    ]
    return table[shown]


def pair_label(row: pd.Series) -> str:
    """« alice – bob » for a pair, « alice : moyenne sur 3 paires » for a coder's mean."""
    if row["with"] != MEAN:
        return f"{row['coder']} – {row['with']}"
    pairs = int(row["pairs"])
    return f"{row['coder']} : moyenne sur {pairs} paire{'s' if pairs > 1 else ''}"


def pair_reading(flag: str) -> str:
    """A row's reading (agreement_pairs.pair_readings) in the report's words."""
    if flag.startswith(TOO_FEW):
        return TOO_FEW_FR
    if flag == NOT_COMPARED:  # documents in common, but nothing coded on their units
        return "aucun codage à comparer"
    return READINGS.get(flag[:1], "—")


def pairwise_table(synthesis: Synthesis) -> pd.DataFrame:
    """Each pair of coders with documents in common, at the axis level, then each coder's
    mean with the others: « Paire » × the figures of ``PAIRS`` and the reading."""
    shown = shown_pairs(synthesis)
    if shown.empty:
        return pd.DataFrame()
    rows = [
        [*(fr_number(row[key], digits) for key, _, digits in PAIRS), pair_reading(str(row["flag"]))]
        for _, row in shown.iterrows()
    ]
    index = pd.Index([pair_label(row) for _, row in shown.iterrows()], name="Paire")
    return pd.DataFrame(rows, index=index, columns=[title for _, title, _ in PAIRS] + ["Lecture"])


def pairs_method(synthesis: Synthesis) -> str:
    """What the pairwise table compares and how it is read, then the pairs left out."""
    text = (
        "Chaque paire de codeurs, sur les entretiens codés par les deux : pour chaque segment "
        "(unité) et chaque axe que l'un ou l'autre y a codé, une décision (présence ou absence "
        "de l'axe), toutes les décisions de la paire mises ensemble ; puis la moyenne de chaque "
        "codeur avec les autres (non pondérée). Mêmes seuils ; sous "
        f"{synthesis.method.min_coded_units} décisions codées par l'un ou l'autre, "
        f"« {TOO_FEW_FR} » (les décisions de chaque paire sont dans le classeur des "
        "matrices, feuille « accord par paires »)."
    )
    apart = pairs_apart(synthesis)
    return f"{text} {apart}" if apart else text


def pairs_apart(synthesis: Synthesis) -> str:
    """One sentence naming the pairs with no interview in common ('' when every pair has)."""
    table = synthesis.method.pairwise
    if table is None:
        return ""
    apart = table[(table["with"] != MEAN) & (table["documents"] == 0)]
    if apart.empty:
        return ""
    names = ", ".join(f"{row['coder']} et {row['with']}" for _, row in apart.iterrows())
    if len(apart) == 1:
        return f"Sans entretien codé par les deux, une paire n'est pas comparée : {names}."
    return f"Sans entretien codé par les deux, {len(apart)} paires ne sont pas comparées : {names}."


def pairs_reading(synthesis: Synthesis) -> str:
    """One sentence on the pairs whose agreement can be read: which agrees least, which
    most, and how many are below Krippendorff's 0,800 ('' without a pairwise table).
    Pairs whose α reads alike (three decimals) tie: all are named, « à égalité », never one
    of them chosen by the order of the coders' names (helper U, session 42)."""
    table = synthesis.method.pairwise
    if table is None:
        return ""
    minimum = synthesis.method.min_coded_units
    readable = sorted(
        (
            (float(row["krippendorff_alpha"]), f"{row['coder']} et {row['with']}", row["flag"])
            for _, row in table[table["with"] != MEAN].iterrows()
            if row["decisions"]
            and row["krippendorff_alpha"] is not None
            and pair_reading(str(row["flag"])) != TOO_FEW_FR
        ),
        key=lambda found: found[0],
    )

    def said(found: tuple[float, str, object]) -> str:
        return f"{found[1]} (α = {fr_number(found[0], 3)}, {pair_reading(str(found[2]))})"

    if not readable:
        return (
            f"Aucune paire n'est assez codée pour conclure (moins de {minimum} décisions "
            "codées par l'un ou l'autre codeur)."
        )
    if len(readable) == 1:
        return f"Une seule paire est assez codée pour conclure : {said(readable[0])}."
    below = sum(alpha < THRESHOLDS[1] for alpha, _, _ in readable)
    under = {0: "aucune n'est", 1: "une est"}.get(below, f"{below} sont")
    lead = f"Sur {len(readable)} paires assez codées pour conclure, {under} sous " + fr_number(
        THRESHOLDS[1], 3
    )
    shown = [fr_number(alpha, 3) for alpha, _, _ in readable]  # pairs that tie as shown tie
    if shown[0] == shown[-1]:
        return f"{lead} ; toutes ont le même accord : {_tied(readable)}."
    weakest = [found for found, alpha in zip(readable, shown, strict=True) if alpha == shown[0]]
    strongest = [found for found, alpha in zip(readable, shown, strict=True) if alpha == shown[-1]]

    def extreme(pairs: list[tuple[float, str, object]]) -> str:
        return f"à égalité, {_tied(pairs)}" if len(pairs) > 1 else said(pairs[0])

    return (
        f"{lead} ; accord le plus faible : {extreme(weakest)} ; le plus fort : "
        f"{extreme(strongest)}."
    )


def _tied(pairs: list[tuple[float, str, object]]) -> str:
    """Pairs of one α as shown: « ana et bea, cleo et dan (α = 0,500, à écarter) »."""
    alpha, _, flag = pairs[0]
    names = ", ".join(name for _, name, _ in pairs)
    return f"{names} (α = {fr_number(alpha, 3)}, {pair_reading(str(flag))})"


def annex_pointer(synthesis: Synthesis) -> str:
    """The restitution's last words on agreement: the pairs measured, when there are, and
    where the detail is."""
    table = synthesis.method.pairwise
    if table is None:
        return "Détail dans l'annexe."
    compared = int(((table["with"] != MEAN) & (table["decisions"] > 0)).sum())
    pairs = f"{compared} paire{'s' if compared > 1 else ''}"
    return f"Accord mesuré pour {pairs} de codeurs ; détail dans l'annexe."


def agreement_note(synthesis: Synthesis, *, pointer: bool = True) -> str:
    """The restitution's « Accord entre codeurs. » paragraph: who was compared, on how many
    interviews, then what the agreement says, axis by axis, in plain words (« fiable pour
    Morphologie et Modes de gouvernance ; à confirmer pour … »), the axes too little coded
    to conclude, and where the detail is. It said only the axes too little coded before
    (helper U, session 42): a reader learnt which axes could not be read, never how the
    others read. It opens on « Mesuré entre »: a sentence never starts on a coder's name
    typed in lower case (« claire et malik, sur 2 entretiens… »). Without ``pointer``, the
    words on where the detail is are left to the caller (the HTML template writes them)."""
    method = synthesis.method
    unread = f" {unread_said(synthesis)}" if unread_said(synthesis) else ""
    if method.agreement is None:
        return "Non mesuré : aucun entretien n'a été codé par deux chercheurs." + unread
    documents = fr_count(method.agreement_documents, "entretien codé", "entretiens codés")
    text = f"Mesuré entre {_and(method.agreement_coders)}, sur {documents} par les deux."
    table = agreement_table(synthesis)
    axes = table[table.index != "Moyenne"] if not table.empty else table
    said = [
        f"{words} pour {_and([str(axis) for axis in axes.index[axes['Lecture'] == reading]])}"
        for reading, words in PLAIN_READINGS
        if not axes.empty and (axes["Lecture"] == reading).any()
    ]
    if said:
        text += f" L'accord est {' ; '.join(said)}."
    few = too_few_axes(synthesis)
    if few:
        text += f" Pour {', '.join(few)} : {TOO_FEW_FR} (moins de {method.min_coded_units})."
    cuts = f" {cuts_said(synthesis)}" if cuts_said(synthesis) else ""
    return f"{text}{cuts}{unread}" + (f" {annex_pointer(synthesis)}" if pointer else "")


def _and(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
