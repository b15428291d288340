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

import re
from collections import Counter
from datetime import date
from typing import Any

import pandas as pd

from ptce_coding.analysis.agreement_pairs import pair_readings, pairwise_agreement
from ptce_coding.analysis.agreement_table import MIN_CODED_UNITS, AgreementScope, agreement
from ptce_coding.analysis.coded_extent import Cut
from ptce_coding.analysis.matrices import (
    STATUS_FILTERS,
    case_code_matrix,
    coded_documents,
    coded_segments,
    cooccurrence,
    interviewee_segments,
)
from ptce_coding.analysis.quotations import long_enough, quotations, representative
from ptce_coding.analysis.synthesis_data import SynthesisData
from ptce_coding.analysis.unread_codings import as_read, by_threshold, unread_shares
from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.notices import say
from ptce_coding.base.selected_codings import coders_used, one_per_coding, select_codings
from ptce_coding.codebook.model import Code, Codebook
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import Names, display_names, pole_order, whose_coding
from ptce_coding.report.synthesis_model import (
    EMERGENCE,
    EMERGENCE_HIGHLIGHTS,
    HIGHLIGHTS,
    IDEAL_CHARS,
    QUOTES_PER_CHAPTER,
    QUOTES_PER_CODE,
    Chapter,
    CodeSummary,
    Method,
    Quote,
    Synthesis,
)


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
    """Up to ``limit`` quotations of a code, each from a different pole when possible; none
    shorter than the restitution shows (« Le FSE. »: ``long_enough``)."""
    mine = found[found["code"] == code]
    mine = mine[long_enough(mine["quotation"])]
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
    (``quoted``, updated here) first, so that the document quotes every pole it can. A
    quotation too short to say anything (« Le FSE. ») is never chosen (``long_enough``), nor
    one whose passage is chosen already (one passage coded with two codes of the axis:
    ``_same_passage``)."""
    quoted = Counter() if quoted is None else quoted
    mine = found[found["code"].isin(codes)]
    mine = mine[long_enough(mine["quotation"])]
    if mine.empty or limit <= 0:
        return []
    best = representative(mine, per_cell=1)
    best = best.assign(
        usable=best["complete"].astype(bool),
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
            if any(_same_passage(row, other) for _, other in taken.iterrows()):
                continue
            chosen.append(index)
    quoted.update(best.loc[chosen]["case"])
    return [_quote(row, names) for row in best.loc[chosen].itertuples(index=False)]


_CUT = re.compile(r"\s*\[…\]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
SHARED_SENTENCE = 20  # characters: a sentence this long in two quotations is one passage


def _sentences(quotation: str) -> set[str]:
    """The sentences of a quotation, its « […] » marks out, spaces folded."""
    text = " ".join(_CUT.sub(" ", quotation).split()).casefold()
    return {s for s in _SENTENCE_END.split(text) if len(s) >= SHARED_SENTENCE} | {text}


def _same_passage(row: pd.Series, other: pd.Series) -> bool:
    """Whether two quotations show the same words: the same text, or, in one interview, one
    text holding the other or a sentence of both (passages that overlap)."""
    mine, theirs = str(row["quotation"]), str(other["quotation"])
    if " ".join(mine.split()).casefold() == " ".join(theirs.split()).casefold():
        return True
    if row["document"] != other["document"]:
        return False
    a, b = _sentences(mine), _sentences(theirs)
    whole_a, whole_b = max(a, key=len), max(b, key=len)
    return whole_a in whole_b or whole_b in whole_a or bool(a & b)


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


def _coded_scope(frame: pd.DataFrame, documents: set[str]) -> pd.DataFrame:
    """The rows of ``frame`` (segments) in the coded interviews: the base of every share, as
    the k/N tables' N are the coded interviews; all of them while nothing is coded."""
    return frame[frame["document"].isin(documents)] if documents else frame


def _coded_bases(
    counted: pd.DataFrame,
    codings: pd.DataFrame,
    documents: set[str],
    cases: list[str],
    used: list[str],
) -> pd.DataFrame:
    """Per pole, the bases of its coded interviews (``documents``: ``coded_documents``, as
    `matrix --value share` reads them), those « k/N » counts in N and the shares divide by:
    the interviews, their interviewee segments and words, the coders counted who coded
    them; zeros for a pole with none (its tables read « non codé »)."""
    scope = counted[counted["document"].isin(documents)]
    mine = codings[codings["document"].isin(documents) & codings["coder"].isin(used)]
    return (
        pd.DataFrame(
            {
                "interviews": scope.groupby("case")["document"].nunique(),
                "segments": scope.groupby("case").size(),
                "words": scope.groupby("case")["words"].sum(),
                "coders": mine.groupby("case")["coder"].nunique(),
            }
        )
        .reindex(cases)
        .fillna(0)
        .astype(int)
    )


def _coded_shares(
    in_coded: pd.DataFrame,
    codings: pd.DataFrame,
    codebook: Codebook,
    counts: pd.DataFrame,
    level: int | None = None,
) -> pd.DataFrame:
    """Pole × code: % of the segments of the pole's coded interviews (``in_coded``), in the
    rows and columns of ``counts``; 0 for a pole with no coded interview (its tables read
    « non codé »)."""
    shares = case_code_matrix(in_coded, codings, codebook, value="share", level=level)
    return shares.reindex(index=counts.index, columns=counts.columns).fillna(0.0)


def _coded_segment_count(counted: pd.DataFrame, codings: pd.DataFrame) -> int:
    """The interviewee segments with at least one coding counted (the structure aside)."""
    found = coded_segments(counted, codings[codings["coder"] != STRUCTURE_CODER])
    return 0 if found.empty else len(found.drop_duplicates(["document", "segment"]))


def _word_shares(
    counted: pd.DataFrame, codings: pd.DataFrame, codebook: Codebook, cases: list[str]
) -> pd.DataFrame:
    """Pole × axis: % of the interviewees' words said in segments coded on the axis, out of
    the words of the pole's coded interviews (``_coded_scope``)."""
    axes = [code.id for code in codebook.top_level()]
    found = coded_segments(counted, codings)
    if found.empty:
        return pd.DataFrame(0.0, index=cases, columns=axes)
    found["axis"] = [codebook.rollup(code, 1) for code in found["code"]]
    found = found.drop_duplicates(["document", "segment", "axis"])
    words = found.groupby(["case", "axis"])["words"].sum().unstack(fill_value=0)
    words = words.reindex(index=cases, columns=axes, fill_value=0)
    scope = _coded_scope(counted, coded_documents(counted, codings))
    totals = scope.groupby("case")["words"].sum().reindex(cases)
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
    marks = data.threshold_acceptances
    each = one_per_coding(codings)
    coders = (
        each.groupby(["coder", "method", "status"]).size().rename("codings").reset_index()
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
    if not each.empty and "accepted" in statuses:
        found = by_threshold(each[each["status"] == "accepted"], marks).dropna()
        method.accepted_above = {
            float(value): int((found == value).sum()) for value in sorted(set(found))
        }
    # agreement: the coders' own codings (not the taggers', not the consensus that settles
    # their disagreements, not the interview's structure), before the consensus replaced any;
    # what each read: an acceptance by threshold is the tagger's (unread_codings.py)
    people = raw[~raw["coder"].isin([*MACHINE_CODERS, STRUCTURE_CODER, selection.consensus])]
    if selection.coders:
        people = people[people["coder"].isin(selection.coders)]
    method.unread = unread_shares(people, marks, sorted(set(people["coder"])))
    humans = as_read(people, marks)
    humans = humans[
        ~humans["coder"].isin([*MACHINE_CODERS, STRUCTURE_CODER]) & (humans["status"] == "accepted")
    ]
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
        method.pairwise, pair_cuts = _pairwise(segments, humans, codebook, shared)
        method.cuts = [*result.cuts, *(cut for cut in pair_cuts if cut not in result.cuts)]
    return method


def _pairwise(
    segments: pd.DataFrame, humans: pd.DataFrame, codebook: Codebook, shared: dict[str, set[str]]
) -> tuple[pd.DataFrame | None, tuple[Cut, ...]]:
    """Every pair of the human coders, at level 1, when three of them or more coded a
    document another one coded too (with two, the main pair's table says it all), and the
    units each pair's comparison left out where one of the two stopped."""
    together = [a for a in shared if any(shared[a] & shared[b] for b in shared if b != a)]
    if len(together) < 3:
        return None, ()
    found = pairwise_agreement(segments, humans, codebook, sorted(shared), AgreementScope(level=1))
    return found.table.assign(flag=pair_readings(found.table)), found.cuts


def _in_order(matrix: pd.DataFrame, cases: list[str]) -> pd.DataFrame:
    """A case × code matrix with its rows in the report's order of the poles (``pole_order``);
    a row of no pole of ``cases`` (no interviewee segment) after them, as it came."""
    known = set(matrix.index)
    rest = [case for case in matrix.index if case not in set(cases)]
    return matrix.reindex([case for case in cases if case in known] + rest)


def _coding_here(used: list[str], raw: pd.DataFrame, statuses: tuple[str, ...]) -> list[str]:
    """Of the coders the report counts (``used``), those with a coding counted in its poles
    (``raw``: the store's codings of its poles, before the consensus replaces any: a coder
    whose codings it replaced did code there): a coder chosen in `analysis.coders` who
    coded none of the poles a --cases report shows is none of its coders."""
    coding = set(raw.loc[raw["status"].isin(statuses), "coder"])
    return [name for name in used if name in coding]


def _note_unnamed(
    names: Names, shown: set[str] | None, documents: dict[str, tuple[str, dict[str, Any]]]
) -> None:
    """Tell whoever runs the command (``notices``) which poles and interviews the report
    names after their folders and files, for want of a name in cases.csv, documents.csv;
    of the poles it shows (``shown``; None: every pole) only."""
    unnamed = [case for case in names.unnamed_poles if shown is None or case in shown]
    poles = len(unnamed)
    interviews = sum(
        shown is None or documents[name][0] in shown for name in names.unnamed_interviews
    )
    parts = []
    if poles:
        listed = ", ".join(f"{case} → {names.pole(case)}" for case in unnamed[:3])
        parts.append(
            f"{poles} pole{'s have' if poles > 1 else ' has'} no `nom` in corpus/cases.csv: "
            f"the report names {'them' if poles > 1 else 'it'} after the folder "
            f"({listed}{', …' if poles > 3 else ''}); add a `nom` column to name "
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
    all_codings = select_codings(raw, selection, data.segments)
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
        _note_unnamed(names, set(cases) if cases else None, documents)
    codings = all_codings[all_codings["status"].isin(statuses)]
    used = coders_used(codings, selection)
    counted = interviewee_segments(segments)
    case_names = pole_order(counted["case"].unique())
    found = quotations(segments, codings, codebook)
    documents_coded = coded_documents(counted, codings)
    in_coded = _coded_scope(segments, documents_coded)  # the base of the shares
    matrices = {
        value: _in_order(case_code_matrix(segments, codings, codebook, value=value), case_names)
        for value in ("count", "documents")
    }
    matrices["share"] = _coded_shares(in_coded, codings, codebook, matrices["count"])
    full = matrices["count"]
    overview_counts = _in_order(
        case_code_matrix(segments, codings, codebook, value="count", level=1), case_names
    )
    poles_quoted: Counter[str] = Counter()  # poles quoted so far, across the chapters
    chapters = [
        _chapter(axis, codebook, matrices, found, case_names, names, poles_quoted)
        for axis in codebook.top_level()
    ]
    bases = _bases(counted, codings, case_names, used)
    coded_bases = _coded_bases(counted, codings, documents_coded, case_names, used)
    interviews = _in_order(
        case_code_matrix(segments, codings, codebook, value="documents", level=1), case_names
    )
    emergence_codes = [c.id for _, c in codebook.walk() if c.id.startswith(EMERGENCE + ".")]
    attributes = pd.DataFrame.from_dict(case_attributes, orient="index").reindex(case_names)
    attributes.index.name = "case"
    synthesis = Synthesis(
        title=choices.title,
        project=choices.project,
        generated=date.today().isoformat(),
        figures={
            "poles": len(case_names),
            # as the poles: an interview with no interviewee turn is neither studied nor counted
            "interviews": int(counted["document"].nunique()),
            "words": int(counted["words"].sum()),
            "segments": len(counted),
            "coded_segments": _coded_segment_count(counted, codings),
            # a coding a decision cut: once; the consensus's decisions are said apart (method)
            "codings": len(one_per_coding(codings[codings["coder"] != selection.consensus])),
            # the taggers only when selected; of the poles shown, those who coded there
            "coders": len(_coding_here(used, raw, statuses)),
        },
        cases=attributes,
        overview=_coded_shares(in_coded, codings, codebook, overview_counts, level=1),
        overview_counts=overview_counts,
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
                whose_coding(
                    selection,
                    used,
                    suggestions=include_suggestions,
                    waiting=bool((all_codings["status"] == "suggested").any()),
                ),
                [*used, selection.consensus or ""],
            ),
        ),
        codebook=list(codebook.walk()),
        quotations=found,
        includes_suggestions=include_suggestions,
        memos=memos,
        names=names,
        bases=bases,
        coded_bases=coded_bases,
        coded=coded_bases["interviews"],
        anonymised=view is not None,
        quotes_per_chapter=QUOTES_PER_CHAPTER,
        overview_words=_word_shares(counted, codings, codebook, case_names),
        overview_interviews=interviews,
    )
    synthesis.method.counted = used  # whose coding the consensus replaces (glossary)
    return synthesis
