"""What the comparison of poles reads from the store: pole × code tables, attributes, sizes.

The counting unit is the one of the matrices (matrices.py): interviewees' segments; with
``unit="interviews"`` a cell counts the pole's interviews where the code appears at least once.
Conditions and outcomes of a truth table come from codes (present in a pole when coded in at
least ``min_segments`` of its segments) or from case attributes (cases.csv).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.analysis.matrices import case_code_matrix, coded_segments, interviewee_segments
from ptce_coding.base.case_choice import chosen_cases
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.selected_codings import below_decided, select_codings
from ptce_coding.codebook.model import Codebook
from ptce_coding.compare.ca import AnalysisError
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView

UNITS = ("segments", "interviews")


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


@dataclass(frozen=True)
class CodingFilter:
    """Which codings a comparison reads. ``statuses``: None reads the accepted codings when
    there are any, else the suggestions too; ``cases``: the poles compared (None: all);
    ``view``: pseudonymised through an anonymised view; ``selection``: whose codings count
    (coder_selection.py; None: every coder)."""

    statuses: tuple[str, ...] | None = None
    cases: list[str] | None = None
    view: AnonymisedView | None = None
    selection: CoderSelection | None = None


@dataclass(frozen=True)
class CompareInputs:
    counts: pd.DataFrame  # pole × code at ``level``: coded segments, or interviews
    # pole × code at ``level``: % of the interviewee segments of the pole's coded interviews
    shares: pd.DataFrame
    attributes: pd.DataFrame  # pole × case attributes (text)
    interviews: pd.Series  # pole → its coded interviews (a coding counted on a segment)
    segments_counted: pd.Series  # pole → interviewee segments of its coded interviews
    level: int | None
    unit: str
    includes_suggestions: bool
    segments: pd.DataFrame  # for codes at other levels (truth-table conditions)
    codings: pd.DataFrame
    structural: tuple[str, ...] = ()  # the interview's structural codes, left out
    # pole → all its interviews, coded or not (coding under way: more than ``interviews``)
    interviews_listed: pd.Series | None = None
    # the poles where nothing is counted that hold suggestions waiting for review, when the
    # suggestions are not counted (accepted codings only): --status all would count them
    awaiting_review: tuple[str, ...] = ()

    @property
    def poles(self) -> int:
        return len(self.counts)

    @property
    def interview_total(self) -> int:
        return int(self.interviews.sum())

    @property
    def uncoded(self) -> list[str]:
        """The poles where nothing is coded at this level: left out of the CA and the
        typology (a pole not coded yet is not a pole without the codes)."""
        return [str(pole) for pole, total in self.counts.sum(axis=1).items() if total == 0]

    @property
    def coded_poles(self) -> int:
        """The poles compared: those where something is coded at this level."""
        return self.poles - len(self.uncoded)

    @property
    def presence(self) -> pd.DataFrame:
        """Pole × code, 1 where the code is coded in the pole, for the Jaccard typology; the
        poles where nothing is coded left out, as the CA leaves them out of Ward's."""
        return (self.counts.drop(index=self.uncoded) > 0).astype(int)

    def code_segments(self, codebook: Codebook, code: str) -> pd.Series:
        """Pole → segments coded ``code`` or one of its sub-codes."""
        depth = codebook.depth(code)
        matrix = case_code_matrix(self.segments, self.codings, codebook, level=depth)
        return matrix[code].reindex(self.counts.index, fill_value=0)


def load_inputs(
    store: Store,
    codebook: Codebook,
    *,
    level: int | None = 2,
    unit: str = "segments",
    filters: CodingFilter = CodingFilter(),
) -> CompareInputs:
    """The comparison's tables at ``level``, counted in ``unit``, on the codings ``filters``
    keeps (see `CodingFilter`)."""
    return inputs_from_frames(
        segments_frame(store, with_text=False),
        codings_frame(store, with_text=False),
        store.cases(),
        codebook,
        level=level,
        unit=unit,
        filters=filters,
    )


def inputs_from_frames(
    segments: pd.DataFrame,
    codings: pd.DataFrame,
    attributes: dict[str, dict[str, Any]],
    codebook: Codebook,
    *,
    level: int | None = 2,
    unit: str = "segments",
    filters: CodingFilter = CodingFilter(),
) -> CompareInputs:
    """As :func:`load_inputs`, from frames already read (``frames.segments_frame``,
    ``frames.codings_frame``) and the case ``attributes``."""
    statuses, cases = filters.statuses, filters.cases
    view, selection = filters.view, filters.selection
    if unit not in UNITS:
        raise AnalysisError(f"unknown unit {unit!r}: choose segments or interviews")
    if selection is not None and selection.chosen:
        codings = select_codings(codings, selection, segments)
    # the interview guide's questions (`ptce-coding structure`) say where a passage is in the
    # interview, not what it is about: counted, they would weigh in the comparison as a theme
    # every pole with headings talks about at length
    structural = structural_codes(codings, codebook)
    codings = codings[codings["coder"] != STRUCTURE_CODER]
    if statuses is None:
        accepted = (codings["status"] == "accepted").any()
        statuses = ("accepted",) if accepted else ("accepted", "suggested")
    if cases:
        # a name typed or pasted decomposed (« é » as e + accent, as macOS file names are)
        # is the store's composed one
        cases = [unicodedata.normalize("NFC", case) for case in cases]
        cases = chosen_cases(cases, set(segments["case"]))
        segments = segments[segments["case"].isin(cases)]
        codings = codings[codings["case"].isin(cases)]
    if view is not None:
        segments, codings = view.segments(segments), view.codings(codings)
        attributes = view.cases(attributes)
    waiting = (
        set()
        if "suggested" in statuses
        else set(codings.loc[codings["status"] == "suggested", "case"])
    )
    codings = codings[codings["status"].isin(statuses)]
    if selection is not None:  # a « yes » on an axis adds no category beside its sub-codes
        codings = below_decided(codings, selection.consensus, level)
    value = "count" if unit == "segments" else "documents"
    counts = case_code_matrix(segments, codings, codebook, value=value, level=level)
    counts = counts.drop(columns=structural, errors="ignore")
    poles = list(counts.index)
    awaiting = [str(p) for p, total in counts.sum(axis=1).items() if not total and p in waiting]
    # coding under way: an interview nobody has coded yet is not one that leaves every code
    # out; a pole's shares, and the interviews compared, are its coded interviews' (a share
    # over all its segments read half as much in a pole half coded)
    counted = interviewee_segments(segments)
    coded = segments[segments["document"].isin(set(coded_segments(counted, codings)["document"]))]
    shares = case_code_matrix(coded, codings, codebook, value="share", level=level)
    shares = shares.reindex(index=poles, columns=counts.columns, fill_value=0.0)
    frame = pd.DataFrame.from_dict(attributes, orient="index").reindex(poles)
    frame.index.name = "case"
    return CompareInputs(
        counts=counts,
        shares=shares,
        attributes=frame,
        interviews=coded.groupby("case")["document"].nunique().reindex(poles, fill_value=0),
        segments_counted=interviewee_segments(coded)
        .groupby("case")
        .size()
        .reindex(poles, fill_value=0),
        level=level,
        unit=unit,
        includes_suggestions="suggested" in statuses,
        segments=segments,
        codings=codings,
        structural=tuple(structural),
        interviews_listed=segments.groupby("case")["document"]
        .nunique()
        .reindex(poles, fill_value=0),
        awaiting_review=tuple(awaiting),
    )


def structural_codes(codings: pd.DataFrame, codebook: Codebook) -> list[str]:
    """The codes of the interview's structure: every code under the top-level code of one
    that the structure coded (`structure.code` is a top-level code of its own)."""
    coded = set(codings.loc[codings["coder"] == STRUCTURE_CODER, "code"])
    roots = {codebook.ancestors(code)[0] for code in coded if code in codebook}
    return [code.id for code in codebook.codes if codebook.ancestors(code.id)[0] in roots]


def crisp_data(
    inputs: CompareInputs,
    codebook: Codebook,
    names: list[str],
    *,
    min_segments: int = 1,
    pole_names: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Pole × names as 0/1, and how each column was made (French, for the report).

    A name is a code id (present when coded in at least ``min_segments`` of the pole's
    segments, sub-codes included), a case attribute (present unless empty or non/no/false/0),
    or ``attribute=value`` (present when the attribute has that value). A leading ``~`` (the
    outcome's absence) is kept for the truth table and not looked up here. The poles
    :func:`left_out_of_truth_table` names are not rows of the table. ``pole_names``: the
    poles' names in a report (see :func:`pole_names_said`).
    """
    if min_segments < 1:
        raise AnalysisError("the presence threshold must be at least 1 segment")
    columns: dict[str, pd.Series] = {}
    meaning: dict[str, str] = {}
    codes = {code.id for code in codebook.codes}
    left_out = left_out_of_truth_table(inputs, codebook, names)
    poles = [pole for pole in inputs.counts.index if str(pole) not in left_out]
    if left_out and len(poles) < 2:
        refuse_too_few_coded(left_out, len(poles), pole_names)
    # a pole left out is not read: its attributes may be blank (a pole just added)
    attributes_read = inputs.attributes.reindex(poles)
    for raw in names:
        name = raw.strip().lstrip("~")
        if name in columns:
            continue
        attribute, _, wanted = name.partition("=")
        if name in inputs.structural:
            raise AnalysisError(
                f"{name} is a code of the interview's structure (`ptce-coding structure`): it "
                "says where a passage is in the interview, not what it is about",
                report=f"« {name} » est un code de la structure de l'entretien : il dit où se "
                "trouve un passage, pas de quoi il parle",
                hint="Give codes of the codebook's grid, or case attributes.",
            )
        if name in codes:
            found = inputs.code_segments(codebook, name).reindex(poles)
            columns[name] = (found >= min_segments).astype(int)
            meaning[name] = (
                f"code {name} ({codebook.get(name).label}) dans au moins "
                f"{_segments_fr(min_segments)} du pôle, sous-codes compris"
            )
        elif attribute in attributes_read.columns:
            values = attributes_read[attribute]
            missing = values.isna()
            # pandas keeps a missing value missing through astype(str): read as empty text
            text = values.where(~missing, "").astype(str).str.strip()
            plain = text.map(plain_value)
            unknown = plain.isin(UNKNOWN_VALUES) & ~missing
            if missing.any() or unknown.any():
                empty, vide = pole_names_said(values.index[missing], pole_names)
                odd, inconnu = pole_names_said(text.index[unknown], pole_names)
                said = [f"{pole} ({text[case]!r}: unknown)" for case, pole in odd.items()]
                dit = [f"{pole} (« {text[case]} » : inconnu)" for case, pole in inconnu.items()]
                raise AnalysisError(
                    f"attribute {attribute!r} has no value for "
                    f"{', '.join([*empty.values(), *said])}: fill it in cases.csv (a truth "
                    "table needs every pole)",
                    report=f"l'attribut « {attribute} » n'a pas de valeur pour "
                    f"{', '.join([*vide.values(), *dit])} (cases.csv) : une table de vérité "
                    "demande tous les pôles",
                )
            if "=" in name and not wanted.strip():
                raise AnalysisError(
                    f"{name!r}: attribute=value needs the value after `=`",
                    report=f"« {name} » : il manque la valeur après « = »",
                )
            if wanted:
                columns[name] = (plain == plain_value(wanted)).astype(int)
                meaning[name] = f"attribut {attribute} = « {wanted.strip()} »"
            else:
                columns[name] = (~plain.isin(ABSENT_VALUES)).astype(int)
                meaning[name] = f"attribut {attribute} renseigné et différent de « non »"
        else:
            attributes = ", ".join(map(str, inputs.attributes.columns)) or "none"
            known = [*map(str, inputs.attributes.columns), *sorted(codes)]
            close = difflib.get_close_matches(attribute, known, n=1, cutoff=0.6)
            guess = f" (did you mean {close[0]}?)" if close else ""
            raise AnalysisError(
                f"{name!r} is neither a code of the codebook nor a case attribute{guess}",
                report=f"« {name} » n'est ni un code de la grille ni un attribut des pôles"
                + (f" (peut-être {close[0]} ?)" if close else ""),
                hint=f"Case attributes: {attributes}. Codes: see `ptce-coding codebook show`.",
            )
    return pd.DataFrame(columns, index=pd.Index(poles, name=inputs.counts.index.name)), meaning


def _segments_fr(count: int) -> str:
    """« 1 segment », « 2 segments »."""
    return f"{count} segment" + ("s" if count > 1 else "")


@dataclass(frozen=True)
class Constant:
    """A truth-table column that holds one value for every pole: it sets no pole apart.
    ``message`` (English) and ``report`` (French) say why; ``values``: what the attribute
    takes, for the hint (empty for a code)."""

    name: str
    value: int
    message: str
    report: str
    values: str = ""


def constant_columns(
    data: pd.DataFrame,
    inputs: CompareInputs,
    codebook: Codebook,
    names: list[str],
    *,
    min_segments: int = 1,
) -> list[Constant]:
    """The columns of ``data`` (from :func:`crisp_data` on ``names``) equal for every pole,
    each said in plain words: ``forme_juridique=SCOP`` that no pole has, a code coded
    nowhere, an attribute every pole fills in."""
    if len(data) < 2:
        return []  # one pole: nothing to compare (truth_table refuses it)
    codes = {code.id for code in codebook.codes}
    found: list[Constant] = []
    for raw in names:
        name = raw.strip().lstrip("~")
        column = data[name]
        if column.nunique() != 1:
            continue
        value = int(column.iloc[0])
        every = "every pole" if value else "no pole"
        tous = "tous les pôles ont" if value else "aucun pôle n'a"
        attribute, _, wanted = name.partition("=")
        if name in codes:
            counted = inputs.code_segments(codebook, name).reindex(data.index)
            most = int(counted.max())
            if value:
                message = f"coded in at least {min_segments} segment(s) in every pole"
                report = (
                    f"tous les pôles ont le code {name} dans au moins {_segments_fr(min_segments)}"
                )
            else:
                message = (
                    f"coded in at least {min_segments} segment(s) in no pole; at most {most} "
                    "in a pole"
                )
                report = (
                    f"aucun pôle n'a le code {name} dans au moins {_segments_fr(min_segments)}, "
                    f"au plus {most} dans un pôle"
                )
            found.append(Constant(name, value, message, report))
            continue
        # the values of the poles in the table: a pole left out (nothing coded) is not one
        held = inputs.attributes[attribute].reindex(data.index).astype(str).str.strip()
        values = ", ".join(f"{v} ({n})" for v, n in held.value_counts().items())
        if wanted:
            message = f"{every} has {attribute} = {wanted.strip()!r}"
            report = f"{tous} {attribute} = « {wanted.strip()} »"
        else:
            message = f"{every} has a value for {attribute} other than empty or non/no/false/0"
            report = f"{tous} l'attribut {attribute} renseigné"
        found.append(Constant(name, value, message, report, values=f"{attribute}: {values}"))
    return found


def refuse_constant(constants: list[Constant], outcome: str) -> None:
    """A constant condition or outcome refused (the command line: the user picks again)."""
    if not constants:
        return
    lines = []
    for constant in constants:
        role = "the outcome" if constant.name == outcome.lstrip("~") else "condition"
        lines.append(f"{role} {constant.name} sets no pole apart ({constant.message})")
    values = [c.values for c in constants if c.values]
    raise AnalysisError(
        "; ".join(lines),
        hint=("Values taken (number of poles): " + "; ".join(values) + ". " if values else "")
        + "Choose conditions and an outcome that differ between the poles.",
    )


def left_out_of_truth_table(
    inputs: CompareInputs, codebook: Codebook, names: Sequence[str]
) -> list[str]:
    """The poles a truth table on ``names`` leaves out: those where nothing is coded yet, when
    a name is a code (every code would read as absent there, and a pole not coded yet is not
    a pole without the codes), as the CA and the typology leave them out; none when every
    name is a case attribute, which a pole has whether it is coded or not."""
    codes = {code.id for code in codebook.codes}
    if not any(raw.strip().lstrip("~") in codes for raw in names):
        return []
    return inputs.uncoded


def refuse_too_few_coded(
    left_out: list[str], remaining: int, names: Mapping[str, str] | None = None
) -> None:
    """Fewer than two poles left once those where nothing is coded are left out: no truth
    table, and the reason is these poles. ``names``: the poles' names in a report (case →
    name, in the report's order), which its text gives and the terminal gives beside the
    case that --cases takes; without them, the cases."""
    said, named = pole_names_said(left_out, names)
    raise AnalysisError(
        f"a truth table needs at least 2 poles where something is coded (here {remaining}): "
        f"nothing is coded in {', '.join(said.values())}, every code would read as absent "
        "there",
        report="une table de vérité demande au moins 2 pôles où quelque chose est codé "
        f"(ici {remaining}) : rien n'est codé pour {', '.join(named.values())}, chaque code y "
        "serait lu comme absent",
        hint="Code these poles' interviews first (`ptce-coding code`, then `review`), or "
        "compare case attributes only.",
    )


def pole_names_said(
    cases: Iterable[object], names: Mapping[str, str] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """``cases`` as a message names them, in the order of ``names`` (a report's poles, case →
    name, in its order): {case: « Pôle Nord (pole-nord) »} for the terminal, where --cases
    takes the case, and {case: « Pôle Nord »} for the report's text; the case alone without
    a name."""
    names = names or {}
    rank = {case: i for i, case in enumerate(names)}
    ordered = sorted(map(str, cases), key=lambda case: (rank.get(case, len(rank)), case))
    return (
        {c: f"{names[c]} ({c})" if names.get(c, c) != c else c for c in ordered},
        {c: names.get(c, c) for c in ordered},
    )


def attribute_readings(
    attributes: pd.DataFrame, data: pd.DataFrame, names: Sequence[str]
) -> dict[str, tuple[list[str], list[str]]]:
    """How ``crisp_data`` read each attribute of ``names`` (codes left out): {name: (the
    values read as present, those read as absent)}, so that a « Non. » or « oui ? » read the
    way it was not meant shows."""
    found = {}
    for name in dict.fromkeys(names):
        if name in attributes.columns and name in data.columns:
            values = attributes[name].reindex(data.index).astype(str).str.strip()
            found[name] = (
                sorted(set(values[data[name] == 1])),
                sorted(set(values[data[name] == 0])),
            )
    return found
