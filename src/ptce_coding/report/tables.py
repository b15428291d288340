"""The report's tables as display frames: French headings, display names, bases stated.

Every renderer (HTML, Word, Markdown) prints these frames as they are: the index holds the
row labels, the columns their headings. Cells that a reader could over-read carry their base:
« 3/4 » is 3 interviews out of the pole's 4; « 12 (3/4) » is 12 coded segments in 3 of the
pole's 4 interviews. The base rows are those of the interviews N counts: while coding is
under way, the coded ones (``table_bases``). ``fit`` splits a frame whose columns would not
fit the page width.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable

import pandas as pd

from ptce_coding.analysis.agreement_table import THRESHOLDS
from ptce_coding.base.attribute_names import attribute_name
from ptce_coding.report.agreement_cuts import cuts_note as cuts_note
from ptce_coding.report.agreement_cuts import cuts_said as cuts_said
from ptce_coding.report.axis_model import Chapter
from ptce_coding.report.citation_note import citation_note as citation_note
from ptce_coding.report.codebook_changes import OPERATIONS as OPERATIONS
from ptce_coding.report.codebook_changes import codebook_changes as codebook_changes
from ptce_coding.report.codebook_changes import set_aside_notes as set_aside_notes
from ptce_coding.report.formatting import fr_count, fr_number, fr_plural
from ptce_coding.report.frequent_codes import frequent_codes
from ptce_coding.report.labels import POLE_COLUMNS
from ptce_coding.report.method_facts import NOT_CODED as NOT_CODED
from ptce_coding.report.method_facts import coding_note as coding_note
from ptce_coding.report.method_facts import coding_progress as coding_progress
from ptce_coding.report.method_facts import coding_scope as coding_scope
from ptce_coding.report.method_facts import interviews_per_pole as interviews_per_pole
from ptce_coding.report.method_facts import pending_note as pending_note
from ptce_coding.report.method_facts import provenance as provenance
from ptce_coding.report.method_facts import reach_note as reach_note
from ptce_coding.report.method_facts import reading_note as reading_note
from ptce_coding.report.method_facts import segments_coded as segments_coded
from ptce_coding.report.method_facts import waiting_suggestions as waiting_suggestions
from ptce_coding.report.synthesis_model import Synthesis
from ptce_coding.report.table_bases import BASE_ROWS as BASE_ROWS
from ptce_coding.report.table_bases import CODED_BASE_ROWS as CODED_BASE_ROWS
from ptce_coding.report.table_bases import bases_by_pole
from ptce_coding.report.table_bases import bases_intro as bases_intro
from ptce_coding.report.table_bases import bases_note as bases_note
from ptce_coding.report.table_bases import is_base_row as is_base_row
from ptce_coding.report.table_bases import with_bases as _with_bases
from ptce_coding.report.unread_agreement import unread_said as unread_said

TOO_FEW_FR = "trop peu d'unités codées pour conclure"
METHODS = {"manual": "manuel", "import": "importé", "rule": "règles", "model": "modèle"}
STATUSES = {"accepted": "accepté", "suggested": "suggestion non relue", "rejected": "rejeté"}
AGREEMENT = (
    ("units", "Unités", 0),
    ("coded_units", "Unités codées", 0),
    ("percent", "Accord (%)", 1),
    ("cohen_kappa", "κ de Cohen", 3),
    ("krippendorff_alpha", "α de Krippendorff", 3),
    ("gwet_ac1", "AC1 de Gwet", 3),
)
PAGE_CHARACTERS = 96  # characters of 8 pt table text across a portrait A4 page
FIRST_COLUMN = 20  # characters given to the row labels at most
K_ANONYMITY = 2  # an anonymised poles' table: every row alike in at least 2 poles
fr = fr_number  # the report's one way with numbers (formatting.py), by its short name


def _poles(synthesis: Synthesis, cases: Iterable[str]) -> list[str]:
    return [synthesis.pole(case) for case in cases]


def _attributes(synthesis: Synthesis) -> pd.DataFrame:
    """The poles' attributes (cases.csv, its name columns aside) as the poles' table shows
    them: French headings, « — » where a pole has none."""
    cases = synthesis.cases.copy()
    cases = cases[[c for c in cases.columns if str(c).lower() not in POLE_COLUMNS]]
    cases = cases.astype(object).where(cases.notna(), "—").rename(columns=attribute_name)
    return cases.map(_attribute)


def _shared_attributes(cases: pd.DataFrame) -> list[str]:
    """The columns of ``cases`` an anonymised report can show: taken in their order, a column
    is kept when every combination of the kept columns' values (« — » is a value too) is
    shared by at least ``K_ANONYMITY`` poles, so that no row of the table points at one pole
    (k-anonymity). A region or a year that only one pole has is left out, a legal form
    that several poles share is kept."""
    kept: list[str] = []
    for column in cases.columns:
        trial = [*kept, column]
        if len(cases) and cases.groupby(trial, dropna=False).size().min() >= K_ANONYMITY:
            kept.append(column)
    return kept


def left_out_attributes(synthesis: Synthesis) -> list[str]:
    """The attributes the anonymised poles' table leaves out (``_shared_attributes``), by
    their headings; none in a report that names the poles."""
    if not synthesis.anonymised:
        return []
    cases = _attributes(synthesis)
    kept = set(_shared_attributes(cases))
    return [str(column) for column in cases.columns if column not in kept]


def anonymity_note(synthesis: Synthesis) -> str:
    """The method note's sentence on the attributes the anonymised poles' table leaves out."""
    left_out = left_out_attributes(synthesis)
    if not left_out:
        return ""
    listed = ", ".join(f"« {name} »" for name in left_out)
    one = len(left_out) == 1
    return (
        f"Pour que les pôles ne soient pas reconnaissables, le tableau des pôles ne donne "
        f"que les caractéristiques partagées par au moins {K_ANONYMITY} pôles (prises "
        f"ensemble) : {'la colonne' if one else 'les colonnes'} {listed}, qui "
        f"{'désignerait' if one else 'désigneraient'} un pôle, {'est' if one else 'sont'} "
        f"laissée{'' if one else 's'} de côté."
    )


# the poles table's words while some interviews are not coded: every interview's, which the
# base rows under the other tables (the coded interviews' words) must not be read against
ALL_WORDS = "Mots (tous les entretiens)"


def poles_table(synthesis: Synthesis) -> pd.DataFrame:
    """One row per pole: its attributes (cases.csv), then its interviews and words. An
    anonymised report keeps only the attributes that several poles share
    (``_shared_attributes``): the region and the creation year would name each pole."""
    cases = _attributes(synthesis)
    if synthesis.anonymised:
        cases = cases[_shared_attributes(cases)]
    if not synthesis.bases.empty:
        cases["Entretiens"] = [
            fr_number(v) for v in synthesis.bases["interviews"].reindex(cases.index)
        ]
        words = "Mots"
        if synthesis.partly_coded():
            coded = synthesis.coded_interviews().reindex(cases.index)
            cases["Entretiens codés"] = [fr_number(v) for v in coded]
            words = ALL_WORDS  # beside « Entretiens codés », not the coded interviews' words
        cases[words] = [fr_number(v) for v in synthesis.bases["words"].reindex(cases.index)]
    cases.index = _poles(synthesis, cases.index)
    cases.index.name = "Pôle"
    return cases


def _attribute(value: object) -> str:
    """A pole's attribute as cases.csv gives it: a year stays « 2013 », never « 2 013 »
    (the thousands of ``fr_number`` are for counts)."""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return fr_number(value)


def bases_table(synthesis: Synthesis) -> pd.DataFrame:
    """Per pole: the bases behind every figure of the report, those of the base rows under
    its tables (``table_bases.bases_by_pole``): the coded interviews' while some are not."""
    return bases_by_pole(synthesis)


def _of(count: object, base: object) -> str:
    """« k/N »; « non codé » where the pole has no coded interview (N = 0)."""
    return f"{fr_number(count)}/{fr_number(base)}" if base else NOT_CODED


def interviews_table(synthesis: Synthesis, documents: pd.DataFrame | None) -> pd.DataFrame:
    """Pole × code interviews as codes × poles « k/N »: k interviews mention the code out of
    the pole's N coded ones (its interviews, once all are coded); « non codé » for a pole
    none of whose interviews is coded; under it, the segments and words of those N
    interviews (``_with_bases``)."""
    if documents is None or documents.empty or synthesis.bases.empty:
        return pd.DataFrame()
    base = synthesis.coded_interviews()
    frame = pd.DataFrame(
        {
            synthesis.label(code): [
                _of(documents.loc[case, code], base[case]) for case in base.index
            ]
            for code in documents.columns
        },
        index=_poles(synthesis, base.index),
    ).T
    return _with_bases(frame, synthesis, ("segments", "words"))


def emergence_table(synthesis: Synthesis) -> pd.DataFrame:
    """The emergence factors evoked at least once (leaf codes; a parent's own codings
    « Déterminants (sans précision) »: ``Synthesis.emergence_factors``), × poles, in
    interviews « k/N »."""
    return interviews_table(synthesis, synthesis.emergence_factors())


def share_by_axis(synthesis: Synthesis, frame: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """A pole × axis share (%) as axes × poles, French numbers, with the bases under it."""
    if frame.empty:
        return pd.DataFrame()
    shown = frame.map(lambda v: fr_number(v, decimals))
    if not synthesis.bases.empty:  # no share where nothing is coded yet, not « 0,0 »
        uncoded = [case for case, n in synthesis.coded_interviews().items() if not n]
        shown.loc[shown.index.isin(uncoded), :] = NOT_CODED
    shown = shown.T
    shown.index = [synthesis.label(code) for code in shown.index]
    shown.columns = _poles(synthesis, frame.index)
    # the shares divide by the coded interviews' segments and words: those are their bases
    return _with_bases(shown, synthesis, ("segments", "words", "interviews"))


def chapter_table(synthesis: Synthesis, chapter: Chapter) -> pd.DataFrame:
    """The axis' coded codes × poles: « segments (interviews/interviews of the pole) »."""
    coded = [c for c in chapter.counts.columns if chapter.counts[c].sum() > 0]
    if not coded:
        return pd.DataFrame()
    base = synthesis.coded_interviews() if not synthesis.bases.empty else None
    documents = chapter.documents
    rows = {}
    for code in coded:
        label = synthesis.label(code) + (" (général)" if code == chapter.axis.id else "")
        cells = []
        for case in chapter.counts.index:
            count = chapter.counts.loc[case, code]
            if base is not None and case in base.index and not base[case]:
                cells.append(NOT_CODED)
            elif documents is not None and base is not None and count:
                cells.append(f"{fr_number(count)} ({_of(documents.loc[case, code], base[case])})")
            else:
                cells.append(fr_number(count))
        rows[label] = cells
    frame = pd.DataFrame(rows, index=_poles(synthesis, chapter.counts.index)).T
    return _with_bases(frame, synthesis, ("segments", "interviews", "coders"))


def axis_reading(synthesis: Synthesis, chapter: Chapter) -> str:
    """« Axe abordé dans 7 entretiens sur 10, dans 4 pôles sur 5 ; le plus souvent… »
    (``frequent_codes``: codes that tie are not ranked) (« axe »:
    the participle agrees with it, whatever the axis' label, « Principaux objectifs »); while
    some interviews are not coded, out of the coded ones: « dans 2 entretiens sur 2 codés
    (10 en tout) »."""
    documents = chapter.documents
    if documents is None or synthesis.bases.empty or not chapter.coded:
        return ""
    axis = synthesis.overview_interviews.get(chapter.axis.id)
    if axis is None:
        return ""
    interviews = synthesis.bases["interviews"]
    coded = synthesis.coded_interviews()
    said = int(axis.sum())
    poles = int((axis > 0).sum())
    if synthesis.partly_coded():
        coded_poles = int((coded > 0).sum())
        text = (
            f"Axe abordé dans {fr_count(said, 'entretien')} sur {fr_number(int(coded.sum()))} "
            f"{fr_plural(int(coded.sum()), 'codé')} ({fr_number(int(interviews.sum()))} en tout), "
            f"dans {fr_count(poles, 'pôle')} sur {fr_number(coded_poles)} "
            f"{fr_plural(coded_poles, 'codé')} ({fr_number(len(axis))} en tout)"
        )
    else:
        text = (
            f"Axe abordé dans {fr_count(said, 'entretien')} sur "
            f"{fr_number(int(interviews.sum()))}, "
            f"dans {fr_count(poles, 'pôle')} sur {fr_number(len(axis))}"
        )
    codes = documents.drop(columns=[chapter.axis.id], errors="ignore").sum()
    return text + frequent_codes(codes, synthesis.label_in_sentence) + "."


def network_summary(synthesis: Synthesis) -> pd.DataFrame:
    """Per pole: the reading of its network, the coordination read, the governance stated."""
    if synthesis.network is None:
        return pd.DataFrame()
    summary = synthesis.network.comparison.iloc[:, :3]
    return summary.rename(columns=lambda title: str(title)[:1].upper() + str(title)[1:])


def statuses_fr(synthesis: Synthesis) -> str:
    """The statuses counted, in French: « accepté, suggestion non relue »."""
    return ", ".join(STATUSES.get(status, status) for status in synthesis.method.statuses)


def coders_table(synthesis: Synthesis) -> pd.DataFrame:
    coders = synthesis.method.coders
    frame = pd.DataFrame(
        {
            "Méthode": [METHODS.get(m, m) for m in coders["method"]],
            "Statut": [STATUSES.get(s, s) for s in coders["status"]],
            "Codages": [fr_number(n) for n in coders["codings"]],
        },
        index=pd.Index([str(c) for c in coders["coder"]], name="Codeur"),
    )
    return frame


def reading(alpha: object, coded_units: object, minimum: int) -> str:
    """Krippendorff's reading of α, or « trop peu d'unités codées pour conclure »."""
    units = float(coded_units) if isinstance(coded_units, numbers.Real) else math.nan
    if not math.isnan(units) and units < minimum:
        return TOO_FEW_FR
    value = float(alpha) if isinstance(alpha, numbers.Real) else math.nan
    if math.isnan(value):
        return "—"
    tentative, reliable = THRESHOLDS
    return "fiable" if value >= reliable else "provisoire" if value >= tentative else "à écarter"


def agreement_table(synthesis: Synthesis) -> pd.DataFrame:
    method = synthesis.method
    if method.agreement is None:
        return pd.DataFrame()
    rows, index = [], []
    records = method.agreement.to_dict(orient="records")
    axes = [r for r in records if str(r.get("code", "")) != "(mean)"]
    # a mean of coefficients none of which can be read is not read either
    unreadable = bool(axes) and all(
        reading(None, r.get("coded_units"), method.min_coded_units) == TOO_FEW_FR for r in axes
    )
    for record in records:
        code = str(record.get("code", ""))
        index.append("Moyenne" if code == "(mean)" else synthesis.label(code))
        values = [fr_number(record.get(key), digits) for key, _, digits in AGREEMENT]
        read = reading(
            record.get("krippendorff_alpha"), record.get("coded_units"), method.min_coded_units
        )
        rows.append([*values, TOO_FEW_FR if code == "(mean)" and unreadable else read])
    header = [title for _, title, _ in AGREEMENT] + ["Lecture"]
    return pd.DataFrame(rows, index=pd.Index(index, name="Axe"), columns=header)


def too_few_axes(synthesis: Synthesis) -> list[str]:
    """Axes whose agreement rests on fewer coded units than the minimum."""
    table = agreement_table(synthesis)
    if table.empty:
        return []
    return [axis for axis in table.index[table["Lecture"] == TOO_FEW_FR] if axis != "Moyenne"]


def _width(texts: list[str], cap: int | None = None) -> int:
    """Characters a column needs: its longest word (never broken), more for long texts."""
    words = [len(w) for text in texts for w in re.split(r"[\s/]+|(?<=-)", str(text)) if w]
    longest = max(words, default=1)
    text = max((len(str(t)) for t in texts), default=1)
    need = max(longest, min(text, 9), min(text // 4, 28)) + 2
    return min(need, cap) if cap else need


def column_widths(frame: pd.DataFrame) -> list[int]:
    """Characters of the row-label column, then of each column."""
    first = max(
        _width([str(i) for i in frame.index], FIRST_COLUMN), _width([str(frame.index.name or "")])
    )
    return [first] + [
        _width([str(column), *map(str, frame[column].tolist())]) for column in frame.columns
    ]


def fit(frame: pd.DataFrame, characters: int = PAGE_CHARACTERS) -> list[pd.DataFrame]:
    """``frame`` split into parts of whole columns, each as wide as the page at most, the
    row labels repeated in every part."""
    if frame.empty:
        return []
    widths = column_widths(frame)
    parts: list[list[int]] = []
    current: list[int] = []
    used = widths[0]
    for column, width in zip(range(frame.shape[1]), widths[1:], strict=True):
        if current and used + width > characters:
            parts.append(current)
            current, used = [], widths[0]
        current.append(column)
        used += width
    parts.append(current)
    return [frame.iloc[:, part] for part in parts]
