"""The content of the synthesis report, computed once as plain data.

The store's content arrives gathered (``analysis.synthesis_data.SynthesisData``): nothing
here nor in the renderers (html, docx, md, xlsx, which take a ``Synthesis``) opens the
store. Counts are coded interviewee segments (see matrices.py); by default only accepted
codings count, and a report that includes suggestions says so on its cover and in its
method chapter. Every figure keeps its base: per pole the interviews, interviewee
segments, words and coders (``bases``); shares are given on segments, on words and on
interviews (``overview*``).

Two documents are made from one synthesis: the short restitution for the poles and the
Region, and the full research annex. A further chapter (e.g. a typology of the poles) is
added with one call, ``synthesis.add_chapter(ExtraChapter(...))``, and every renderer shows
it in the documents its ``audience`` names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ptce_coding.analysis.agreement_pairs import pair_readings, pairwise_agreement
from ptce_coding.analysis.agreement_table import MIN_CODED_UNITS, AgreementScope, agreement
from ptce_coding.analysis.matrices import (
    STATUS_FILTERS,
    case_code_matrix,
    coded_segments,
    cooccurrence,
    interviewee_segments,
)
from ptce_coding.analysis.quotations import quotations, representative
from ptce_coding.analysis.synthesis_data import SynthesisData
from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.notices import say
from ptce_coding.base.records import MemoRow
from ptce_coding.base.selected_codings import coders_used, select_codings
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import (
    Names,
    code_label,
    display_names,
    pole_order,
    retired_sentence,
)

if TYPE_CHECKING:
    from ptce_coding.report.compare_chapter import ComparisonChapter
    from ptce_coding.report.network_chapter import NetworkChapter

EMERGENCE = "EMERG"
QUOTES_PER_CODE = 3  # research annex: per code…
QUOTES_PER_CHAPTER = 12  # … and per chapter
HIGHLIGHTS = 2  # restitution: quotations per axis
IDEAL_CHARS = 180  # a restitution quotation: long enough to say something, short to remember
EMERGENCE_HIGHLIGHTS = 4  # restitution: quotations in the emergence chapter
AUDIENCES = ("restitution", "annexe")


@dataclass(frozen=True)
class Quote:
    case: str
    document: str
    speaker: str | None
    text: str
    suggested: bool = False
    pole: str = ""  # display names: the pole, the interview's label, the speaker's role
    interview: str = ""
    role: str = ""
    code: str = ""

    @property
    def source(self) -> str:
        """« directrice (SCIC Terres d'Orlan, Pôle Alimentaire Terres d'Orlan) »; the pole
        said once where the interviewee's organisation is the pole itself (« coordinatrice
        (Collectif de la Biscuiterie) »)."""
        same = " ".join(self.interview.split()).casefold() == " ".join(self.pole.split()).casefold()
        parts = (self.interview,) if same else (self.interview, self.pole)
        where = ", ".join(part for part in parts if part)
        return f"{self.role} ({where})" if self.role and where else self.role or where


@dataclass
class TableBlock:
    """A table of an extra chapter: rows are its index (display names), columns headings."""

    caption: str
    frame: pd.DataFrame
    decimals: int = 0


@dataclass
class FigureBlock:
    path: Path  # a .png
    caption: str


Block = str | TableBlock | FigureBlock | Quote  # str: a paragraph


@dataclass
class ExtraChapter:
    """A chapter another module contributes (e.g. a typology of the poles): a title and
    blocks in order, shown in the documents of ``audience`` before the method."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    audience: tuple[str, ...] = AUDIENCES


@dataclass
class CodeSummary:
    code: Code
    depth: int
    counts: dict[str, int]
    quotes: list[Quote] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Chapter:
    """One top-level axis: its matrix, its codes with quotations, its charts."""

    axis: Code
    counts: pd.DataFrame  # case × codes of the axis (coded segments)
    shares: pd.DataFrame  # case × codes, % of the case's interviewee segments
    codes: list[CodeSummary]
    charts: dict[str, list[Path]] = field(default_factory=dict)
    documents: pd.DataFrame | None = None  # case × codes, interviews that mention it
    highlights: list[Quote] = field(default_factory=list)  # the restitution's quotations

    @property
    def coded(self) -> bool:
        return bool(self.counts.to_numpy().sum()) if not self.counts.empty else False


@dataclass
class Method:
    codebook_name: str
    codebook_version: str
    versions_seen: list[str]
    coders: pd.DataFrame  # coder, method, status, codings
    statuses: tuple[str, ...]
    agreement: pd.DataFrame | None = None
    agreement_coders: list[str] = field(default_factory=list)
    agreement_documents: int = 0
    # three coders or more with documents in common: every pair of them at level 1
    # (agreement_pairs.py), its ``flag`` the reading of each row (``pair_readings``)
    pairwise: pd.DataFrame | None = None
    changes: list[dict] = field(default_factory=list)  # codebook operations, oldest first
    whose: str = ""  # whose coding the report rests on (coder_selection.py), in French
    min_coded_units: int = 10  # below: « trop peu d'unités codées pour conclure »
    selection: CoderSelection = field(default_factory=CoderSelection)  # names the files


@dataclass
class Synthesis:
    title: str
    project: str
    generated: str
    figures: dict[str, int]
    cases: pd.DataFrame  # case attributes
    overview: pd.DataFrame  # case × axis, share of segments
    overview_counts: pd.DataFrame  # case × axis, coded segments
    chapters: list[Chapter]
    emergence: pd.DataFrame  # case × emergence codes
    cooccurrence: pd.DataFrame  # axis × axis
    method: Method
    codebook: list[tuple[int, Code]]
    quotations: pd.DataFrame
    includes_suggestions: bool = False
    charts: dict[str, list[Path]] = field(default_factory=dict)
    memos: list[MemoRow] = field(default_factory=list)
    network: NetworkChapter | None = None  # cooperation networks, when members are listed
    comparison: ComparisonChapter | None = None  # typology of the poles, from 4 poles
    names: Names = field(default_factory=Names)
    bases: pd.DataFrame = field(default_factory=pd.DataFrame)  # case × base figures
    # case → its interviews with a coding counted (``coded_interviews``); empty: every one
    coded: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    overview_words: pd.DataFrame = field(default_factory=pd.DataFrame)  # % of words
    overview_interviews: pd.DataFrame = field(default_factory=pd.DataFrame)  # n interviews
    extra_chapters: list[ExtraChapter] = field(default_factory=list)
    emergence_highlights: list[Quote] = field(default_factory=list)
    anonymised: bool = False  # pseudonymised (--anonymise): its files end with « -anonyme »

    def file_stem(self, name: str) -> str:
        """The name a file of this report has (publish.py): « restitution »,
        « restitution-coders-a+b », « restitution-anonyme »; the annex points to the
        restitution of the same report, never to the one that names everyone."""
        return self.method.selection.named(name) + ("-anonyme" if self.anonymised else "")

    def quotes_left_out(self, summary: CodeSummary) -> str:
        """Why a coded code shows no quotation in the annex, when it has some: the chapter's
        quotations are capped (``QUOTES_PER_CHAPTER``), and a heading followed by nothing
        read as a code with nothing to quote; empty when it shows one or has none."""
        if summary.quotes or self.quotations.empty:
            return ""
        if not (self.quotations["code"] == summary.code.id).any():
            return ""
        return (
            f"Citations non reprises ici : l'annexe en donne au plus {QUOTES_PER_CHAPTER} par "
            f"axe. Toutes sont dans {self.file_stem('matrices')}.xlsx (feuille « citations »)."
        )

    def add_chapter(self, chapter: ExtraChapter) -> None:
        """One more chapter, shown before the method in the documents it is meant for."""
        self.extra_chapters.append(chapter)

    def chapters_for(self, audience: str) -> list[ExtraChapter]:
        return [c for c in self.extra_chapters if audience in c.audience]

    def pole(self, case: object) -> str:
        return self.names.pole(case)

    def coded_interviews(self) -> pd.Series:
        """Per pole (the rows of ``bases``), its interviews with at least one coding
        counted: the base of every « k/N »."""
        interviews = self.bases["interviews"] if "interviews" in self.bases else pd.Series()
        if self.coded.empty:
            return interviews
        return self.coded.reindex(interviews.index, fill_value=0).astype(int)

    def uncoded_poles(self) -> list[str]:
        """The poles none of whose interviews has a coding counted, by their names."""
        coded = self.coded_interviews()
        return [self.pole(case) for case, n in coded.items() if not n]

    def partly_coded(self) -> bool:
        """Whether some interviews have no coding counted (coding under way)."""
        if self.bases.empty:
            return False
        return bool((self.coded_interviews() < self.bases["interviews"]).any())

    def axis_chapters(self, *, emergence: bool) -> list[Chapter]:
        """The axes' chapters, with or without the emergence axis."""
        return [c for c in self.chapters if (c.axis.id == EMERGENCE) == emergence]

    def memos_about(self, kind: str, target: str = "") -> list[MemoRow]:
        """The memos on a code, a case, a document (or the project, with no target)."""
        return [m for m in self.memos if m.target_kind == kind and m.target == target]

    def label(self, code_id: str) -> str:
        """The code's label as the chapters show it, « (retiré) » after a retired one."""
        for _, code in self.codebook:
            if code.id == code_id:
                return code_label(code)
        return code_id

    def retired_note(self, chapter: Chapter | None = None) -> str:
        """What the retired codes that a ``chapter`` (or, without one, the document) counts
        are: a sentence, empty when it counts none."""
        chapters = self.chapters if chapter is None else [chapter]
        retired = [
            summary.code.label
            for each in chapters
            for summary in each.codes
            if summary.code.retired and (summary.total or (summary.depth == 1 and each.coded))
        ]  # a retired axis whose codes are coded heads its chapter « (retiré) »: say why
        return retired_sentence(retired)


def _quote(row: Any, names: Names) -> Quote:  # a quotation row: a frame's tuple or a _Row
    return Quote(
        row.case,
        row.document,
        row.speaker,
        row.quotation,
        row.status == "suggested",
        pole=names.pole(row.case),
        interview=names.interview(row.document),
        role=names.role(row.document),
        code=row.code,
    )


def _quotes_for(
    found: pd.DataFrame, code: str, cases: list[str], names: Names, limit: int
) -> list[Quote]:
    """Up to ``limit`` quotations of a code, each from a different pole when possible."""
    mine = found[found["code"] == code]
    if mine.empty or limit <= 0:
        return []
    best = representative(mine, per_cell=1)
    best = best.set_index("case").reindex([c for c in cases if c in set(best["case"])])
    return [
        _quote(_Row(str(case), row), names)
        for case, row in best.head(min(limit, QUOTES_PER_CODE)).iterrows()
    ]


class _Row:
    """A quotation row with its case (an index once reindexed by case)."""

    def __init__(self, case: str, row: pd.Series) -> None:
        self.case = case
        self.document, self.speaker = row["document"], row["speaker"]
        self.quotation, self.status, self.code = row["quotation"], row["status"], row["code"]


def highlights(
    found: pd.DataFrame,
    codes: list[str],
    names: Names,
    limit: int,
    quoted: Counter[str] | None = None,
) -> list[Quote]:
    """The ``limit`` quotations of a chapter: one per pole before a second from the same
    pole, one per code before a second of the same code, complete ones of about
    ``IDEAL_CHARS`` characters first; among those, poles the earlier chapters quoted least
    (``quoted``, updated here) first, so that the document quotes every pole it can."""
    quoted = Counter() if quoted is None else quoted
    mine = found[found["code"].isin(codes)]
    if mine.empty or limit <= 0:
        return []
    best = representative(mine, per_cell=1)
    best = best.assign(
        usable=best["quotation"].str.len().ge(40) & best["complete"],
        distance=(best["quotation"].str.len() - IDEAL_CHARS).abs(),
        before=best["case"].map(lambda case: quoted[case]),
    ).sort_values(["usable", "before", "distance"], ascending=[False, True, True], kind="stable")
    chosen: list[Any] = []  # index labels of ``best``
    passes = [
        (keys, usable) for usable in (True, False) for keys in (("case", "code"), ("case",), ())
    ]
    for distinct, usable_only in passes:
        for index, row in best.iterrows():
            if len(chosen) == limit:
                break
            taken = best.loc[chosen]
            if index in chosen or (usable_only and not row["usable"]):
                continue
            if any(row[k] in set(taken[k]) for k in distinct):
                continue
            chosen.append(index)
    quoted.update(best.loc[chosen]["case"])
    return [_quote(row, names) for row in best.loc[chosen].itertuples(index=False)]


def _chapter(
    axis: Code,
    codebook: Codebook,
    matrices: dict[str, pd.DataFrame],
    found: pd.DataFrame,
    cases: list[str],
    names: Names,
    poles_quoted: Counter[str] | None = None,
) -> Chapter:
    counts, shares, documents = matrices["count"], matrices["share"], matrices["documents"]
    members = [c.id for _, c in codebook.walk() if codebook.ancestors(c.id)[0] == axis.id]
    summaries, quoted = [], 0
    for code_id in members:
        quotes = _quotes_for(found, code_id, cases, names, QUOTES_PER_CHAPTER - quoted)
        quoted += len(quotes)
        summaries.append(
            CodeSummary(
                code=codebook.get(code_id),
                depth=codebook.depth(code_id),
                counts={case: int(counts[code_id].loc[case]) for case in cases},
                quotes=quotes,
            )
        )
    limit = EMERGENCE_HIGHLIGHTS if axis.id == EMERGENCE else HIGHLIGHTS
    return Chapter(
        axis,
        counts[members],
        shares[members],
        summaries,
        documents=documents[members],
        highlights=highlights(found, members, names, limit, poles_quoted),
    )


def _bases(
    counted: pd.DataFrame,
    codings: pd.DataFrame,
    cases: list[str],
    used: list[str],
) -> pd.DataFrame:
    """Per pole: interviews (those with an interviewee turn: the others say nothing the report
    can count), interviewee segments and words, coders (the bases of a cell);
    the coders are those the report counts (``used``: ``coders_used``, as on its cover)."""
    humans = codings[codings["coder"].isin(used)]
    coders = humans.groupby("case")["coder"].nunique() if not humans.empty else pd.Series()
    bases = pd.DataFrame(
        {
            "interviews": counted.groupby("case")["document"].nunique(),
            "segments": counted.groupby("case").size(),
            "words": counted.groupby("case")["words"].sum(),
            "coders": coders,
        }
    ).reindex(cases)
    return bases.fillna(0).astype(int)


def _coded(counted: pd.DataFrame, codings: pd.DataFrame, cases: list[str]) -> pd.Series:
    """Per pole: its interviews with at least one coding counted on an interviewee's
    segment (the interview's structure, which marks every interview, aside). The others are
    not coded yet: their « 0 » would read as a theme nobody spoke of."""
    found = coded_segments(counted, codings[codings["coder"] != STRUCTURE_CODER])
    if found.empty:
        return pd.Series(0, index=cases, dtype=int)
    return found.groupby("case")["document"].nunique().reindex(cases, fill_value=0).astype(int)


def _word_shares(
    counted: pd.DataFrame, codings: pd.DataFrame, codebook: Codebook, cases: list[str]
) -> pd.DataFrame:
    """Pole × axis: % of the interviewees' words said in segments coded on the axis."""
    axes = [code.id for code in codebook.top_level()]
    found = coded_segments(counted, codings)
    if found.empty:
        return pd.DataFrame(0.0, index=cases, columns=axes)
    found["axis"] = [codebook.rollup(code, 1) for code in found["code"]]
    found = found.drop_duplicates(["document", "segment", "axis"])
    words = found.groupby(["case", "axis"])["words"].sum().unstack(fill_value=0)
    words = words.reindex(index=cases, columns=axes, fill_value=0)
    totals = counted.groupby("case")["words"].sum().reindex(cases)
    return (words.div(totals.where(totals > 0), axis=0) * 100).round(1).fillna(0.0)


def _method(
    data: SynthesisData,
    codebook: Codebook,
    codings: pd.DataFrame,
    segments: pd.DataFrame,
    statuses: tuple[str, ...],
    raw: pd.DataFrame,
    selection: CoderSelection,
    whose: str,
) -> Method:
    coders = (
        codings.groupby(["coder", "method", "status"]).size().rename("codings").reset_index()
        if not codings.empty
        else pd.DataFrame(columns=["coder", "method", "status", "codings"])
    )
    method = Method(
        codebook_name=codebook.name,
        codebook_version=codebook.version,
        versions_seen=list(data.codebook_versions),
        coders=coders,
        statuses=statuses,
        whose=whose,
        selection=selection,
        changes=list(data.codebook_changes),
        min_coded_units=MIN_CODED_UNITS,
    )
    # agreement: the coders' own codings (not the taggers', not the consensus that settles
    # their disagreements, not the interview's structure), before the consensus replaced any
    humans = raw[
        ~raw["coder"].isin([*MACHINE_CODERS, STRUCTURE_CODER, selection.consensus])
        & (raw["status"] == "accepted")
    ]
    if selection.coders:
        humans = humans[humans["coder"].isin(selection.coders)]
    shared: dict[str, set[str]] = {
        str(coder): set(group["document"]) for coder, group in humans.groupby("coder")
    }
    pairs = sorted(
        ((len(shared[a] & shared[b]), a, b) for a in shared for b in shared if a < b),
        reverse=True,
    )
    if pairs and pairs[0][0] > 0:
        _, first, second = pairs[0]
        result = agreement(segments, humans, codebook, [first, second], AgreementScope(level=1))
        method.agreement = result.table
        method.agreement_coders = [first, second]
        method.agreement_documents = len(result.documents)
        method.pairwise = _pairwise(segments, humans, codebook, shared)
    return method


def _pairwise(
    segments: pd.DataFrame, humans: pd.DataFrame, codebook: Codebook, shared: dict[str, set[str]]
) -> pd.DataFrame | None:
    """Every pair of the human coders, at level 1, when three of them or more coded a
    document another one coded too (with two, the main pair's table says it all)."""
    together = [a for a in shared if any(shared[a] & shared[b] for b in shared if b != a)]
    if len(together) < 3:
        return None
    found = pairwise_agreement(segments, humans, codebook, sorted(shared), AgreementScope(level=1))
    return found.table.assign(flag=pair_readings(found.table))


def _in_order(matrix: pd.DataFrame, cases: list[str]) -> pd.DataFrame:
    """A case × code matrix with its rows in the report's order of the poles (``pole_order``);
    a row of no pole of ``cases`` (no interviewee segment) after them, as it came."""
    known = set(matrix.index)
    rest = [case for case in matrix.index if case not in set(cases)]
    return matrix.reindex([case for case in cases if case in known] + rest)


def _note_unnamed(names: Names) -> None:
    """Tell whoever runs the command (``notices``) which poles and interviews the report
    names after their folders and files, for want of a name in cases.csv, documents.csv."""
    poles, interviews = len(names.unnamed_poles), len(names.unnamed_interviews)
    parts = []
    if poles:
        shown = ", ".join(f"{case} → {names.pole(case)}" for case in names.unnamed_poles[:3])
        parts.append(
            f"{poles} pole{'s have' if poles > 1 else ' has'} no `nom` in corpus/cases.csv: "
            f"the report names {'them' if poles > 1 else 'it'} after the folder "
            f"({shown}{', …' if poles > 3 else ''}); add a `nom` column to name "
            f"{'them' if poles > 1 else 'it'}"
        )
    if interviews:
        parts.append(
            f"{interviews} interview{'s have' if interviews > 1 else ' has'} no `libelle` in "
            "corpus/documents.csv: the report names "
            f"{'them' if interviews > 1 else 'it'} after the file"
        )
    if parts:
        say("Note: " + "; ".join(parts) + ".")


def build_synthesis(
    data: SynthesisData,
    codebook: Codebook,
    choices: ReportChoices,
) -> Synthesis:
    """Everything the report shows, computed once from the store's ``data``; pseudonymised
    through ``choices.view`` if given; on the codings of ``choices.selection``'s coders, with
    its consensus (coder_selection.py)."""
    selection, cases, view = choices.selection, choices.cases, choices.view
    include_suggestions = choices.include_suggestions
    statuses = STATUS_FILTERS["all" if include_suggestions else "accepted"]
    segments = data.segments
    raw = data.codings
    all_codings = select_codings(raw, selection)
    memos, case_attributes = data.memos, data.cases
    documents = data.documents
    if cases:
        unknown = sorted(set(cases) - set(segments["case"]))
        if unknown:
            raise PtceError(f"unknown case(s): {', '.join(unknown)}")
        segments = segments[segments["case"].isin(cases)]
        all_codings = all_codings[all_codings["case"].isin(cases)]
        raw = raw[raw["case"].isin(cases)]
    if view is not None:
        segments, all_codings = view.segments(segments), view.codings(all_codings)
        raw = view.codings(raw)
        memos, case_attributes = view.memos(memos), view.cases(case_attributes)
        documents = {
            view.string(name): (view.string(case), {k: view.string(v) for k, v in attrs.items()})
            for name, (case, attrs) in documents.items()
        }
    names = display_names(case_attributes, documents, anonymised=view is not None)
    if view is None:
        _note_unnamed(names)
    codings = all_codings[all_codings["status"].isin(statuses)]
    used = coders_used(codings, selection)
    counted = interviewee_segments(segments)
    case_names = pole_order(counted["case"].unique())
    found = quotations(segments, codings, codebook)
    matrices = {
        value: _in_order(case_code_matrix(segments, codings, codebook, value=value), case_names)
        for value in ("count", "share", "documents")
    }
    full = matrices["count"]
    poles_quoted: Counter[str] = Counter()  # poles quoted so far, across the chapters
    chapters = [
        _chapter(axis, codebook, matrices, found, case_names, names, poles_quoted)
        for axis in codebook.top_level()
    ]
    bases = _bases(counted, codings, case_names, used)
    interviews = _in_order(
        case_code_matrix(segments, codings, codebook, value="documents", level=1), case_names
    )
    emergence_codes = [c.id for _, c in codebook.walk() if c.id.startswith(EMERGENCE + ".")]
    attributes = pd.DataFrame.from_dict(case_attributes, orient="index").reindex(case_names)
    attributes.index.name = "case"
    return Synthesis(
        title=choices.title,
        project=choices.project,
        generated=date.today().isoformat(),
        figures={
            "poles": len(case_names),
            # as the poles: an interview with no interviewee turn is neither studied nor counted
            "interviews": int(counted["document"].nunique()),
            "words": int(counted["words"].sum()),
            "segments": len(counted),
            "codings": len(codings),
            "coders": len(used),  # the taggers only when selected
        },
        cases=attributes,
        overview=_in_order(
            case_code_matrix(segments, codings, codebook, value="share", level=1), case_names
        ),
        overview_counts=_in_order(
            case_code_matrix(segments, codings, codebook, value="count", level=1), case_names
        ),
        chapters=chapters,
        emergence=full[emergence_codes] if emergence_codes else pd.DataFrame(index=case_names),
        cooccurrence=cooccurrence(segments, codings, codebook, level=1),
        method=_method(
            data,
            codebook,
            all_codings,
            segments,
            statuses,
            raw,
            selection,
            names_agreeing(
                selection.describe(used, include_suggestions), [*used, selection.consensus or ""]
            ),
        ),
        codebook=list(codebook.walk()),
        quotations=found,
        includes_suggestions=include_suggestions,
        memos=memos,
        names=names,
        bases=bases,
        coded=_coded(counted, codings, case_names),
        anonymised=view is not None,
        overview_words=_word_shares(counted, codings, codebook, case_names),
        overview_interviews=interviews,
    )
