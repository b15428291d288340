"""The content of the synthesis report, gathered once from the store as plain data.

Renderers (html, docx, md, xlsx) take a ``Synthesis`` and never query the store. Counts are
coded interviewee segments (see matrices.py); by default only accepted codings count, and a
report that includes suggestions says so on its cover and in its method chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ptce_coding.codebook import Code, Codebook
from ptce_coding.coder_selection import (
    MACHINE_CODERS,
    CoderSelection,
    coders_used,
    select_codings,
)
from ptce_coding.errors import PtceError
from ptce_coding.frames import codings_frame, segments_frame
from ptce_coding.intercoder import agreement
from ptce_coding.matrices import (
    STATUS_FILTERS,
    case_code_matrix,
    cooccurrence,
    interviewee_segments,
)
from ptce_coding.quotations import quotations, representative
from ptce_coding.store import Store

if TYPE_CHECKING:
    from ptce_coding.privacy.apply import AnonymisedView
    from ptce_coding.report.network_chapter import NetworkChapter

EMERGENCE = "EMERG"
QUOTES_PER_CODE = 3


@dataclass(frozen=True)
class Quote:
    case: str
    document: str
    speaker: str | None
    text: str
    suggested: bool = False


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
    changes: list[dict] = field(default_factory=list)  # codebook operations, oldest first
    whose: str = ""  # whose coding the report rests on (coder_selection.py), in French


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
    memos: list[dict] = field(default_factory=list)
    network: NetworkChapter | None = None  # cooperation networks, when members are listed

    def memos_about(self, kind: str, target: str = "") -> list[dict]:
        """The memos on a code, a case, a document (or the project, with no target)."""
        return [m for m in self.memos if m["target_kind"] == kind and m["target"] == target]

    def label(self, code_id: str) -> str:
        for _, code in self.codebook:
            if code.id == code_id:
                return code.label
        return code_id


def _quotes_for(found: pd.DataFrame, code: str, cases: list[str]) -> list[Quote]:
    """Up to three quotations of a code, each from a different pole when possible."""
    mine = found[found["code"] == code]
    if mine.empty:
        return []
    best = representative(mine, per_cell=1)
    best = best.set_index("case").reindex([c for c in cases if c in set(best["case"])])
    return [
        Quote(case, row.document, row.speaker, row.quotation, row.status == "suggested")
        for case, row in best.head(QUOTES_PER_CODE).iterrows()
    ]


def _chapter(
    axis: Code,
    codebook: Codebook,
    counts: pd.DataFrame,
    shares: pd.DataFrame,
    found: pd.DataFrame,
    cases: list[str],
) -> Chapter:
    members = [c.id for _, c in codebook.walk() if codebook.ancestors(c.id)[0] == axis.id]
    summaries = [
        CodeSummary(
            code=codebook.get(code_id),
            depth=codebook.depth(code_id),
            counts={case: int(counts.loc[case, code_id]) for case in cases},
            quotes=_quotes_for(found, code_id, cases),
        )
        for code_id in members
    ]
    return Chapter(axis, counts[members], shares[members], summaries)


def _method(
    store: Store, codebook: Codebook, codings: pd.DataFrame, segments: pd.DataFrame,
    statuses: tuple[str, ...], raw: pd.DataFrame, selection: CoderSelection, whose: str,
) -> Method:  # fmt: skip
    coders = (
        codings.groupby(["coder", "method", "status"]).size().rename("codings").reset_index()
        if not codings.empty
        else pd.DataFrame(columns=["coder", "method", "status", "codings"])
    )
    method = Method(
        codebook_name=codebook.name,
        codebook_version=codebook.version,
        versions_seen=store.codebook_versions(),
        coders=coders,
        statuses=statuses,
        whose=whose,
        changes=[
            {"at": e["at"][:10], "actor": e["actor"], **e["details"]}
            for e in store.events()
            if e["action"] == "codebook.change"
        ],
    )
    # agreement: the coders' own codings (not the taggers', not the consensus that settles
    # their disagreements), before the consensus replaced any
    humans = raw[
        ~raw["coder"].isin([*MACHINE_CODERS, selection.consensus]) & (raw["status"] == "accepted")
    ]
    if selection.coders:
        humans = humans[humans["coder"].isin(selection.coders)]
    shared: dict[str, set[str]] = {
        coder: set(group["document"]) for coder, group in humans.groupby("coder")
    }
    pairs = sorted(
        ((len(shared[a] & shared[b]), a, b) for a in shared for b in shared if a < b),
        reverse=True,
    )
    if pairs and pairs[0][0] > 0:
        _, first, second = pairs[0]
        result = agreement(segments, humans, codebook, [first, second], level=1)
        method.agreement = result.table
        method.agreement_coders = [first, second]
        method.agreement_documents = len(result.documents)
    return method


def build_synthesis(
    store: Store,
    codebook: Codebook,
    *,
    title: str,
    project: str,
    cases: list[str] | None = None,
    include_suggestions: bool = False,
    view: AnonymisedView | None = None,
    selection: CoderSelection | None = None,
) -> Synthesis:
    """Everything the report shows, computed once; pseudonymised through ``view`` if given;
    on the codings of ``selection``'s coders, with its consensus (coder_selection.py)."""
    selection = selection or CoderSelection()
    statuses = STATUS_FILTERS["all" if include_suggestions else "accepted"]
    segments = segments_frame(store)
    raw = codings_frame(store)
    all_codings = select_codings(raw, selection)
    memos, case_attributes = store.memos(), store.cases()
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
    codings = all_codings[all_codings["status"].isin(statuses)]
    used = coders_used(codings, selection)
    counted = interviewee_segments(segments)
    case_names = sorted(counted["case"].unique())
    found = quotations(segments, codings, codebook)
    full = case_code_matrix(segments, codings, codebook, value="count")
    shares = case_code_matrix(segments, codings, codebook, value="share")
    chapters = [
        _chapter(axis, codebook, full, shares, found, case_names) for axis in codebook.top_level()
    ]
    emergence_codes = [c.id for _, c in codebook.walk() if c.id.startswith(EMERGENCE + ".")]
    attributes = pd.DataFrame.from_dict(case_attributes, orient="index").reindex(case_names)
    attributes.index.name = "case"
    return Synthesis(
        title=title,
        project=project,
        generated=date.today().isoformat(),
        figures={
            "poles": len(case_names),
            "interviews": int(segments["document"].nunique()),
            "words": int(counted["words"].sum()),
            "segments": len(counted),
            "codings": len(codings),
            "coders": len(used),  # the taggers only when selected
        },
        cases=attributes,
        overview=case_code_matrix(segments, codings, codebook, value="share", level=1),
        overview_counts=case_code_matrix(segments, codings, codebook, value="count", level=1),
        chapters=chapters,
        emergence=full[emergence_codes] if emergence_codes else pd.DataFrame(index=case_names),
        cooccurrence=cooccurrence(segments, codings, codebook, level=1),
        method=_method(
            store,
            codebook,
            all_codings,
            segments,
            statuses,
            raw,
            selection,
            selection.describe(used),
        ),
        codebook=list(codebook.walk()),
        quotations=found,
        includes_suggestions=include_suggestions,
        memos=memos,
    )
