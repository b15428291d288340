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
from datetime import date
from typing import Any

import pandas as pd

from ptce_coding.analysis.agreement_pairs import pair_readings, pairwise_agreement
from ptce_coding.analysis.agreement_table import MIN_CODED_UNITS, AgreementScope, agreement
from ptce_coding.analysis.coded_extent import Cut
from ptce_coding.analysis.last_change import last_change
from ptce_coding.analysis.matrices import (
    STATUS_FILTERS,
    case_code_matrix,
    coded_documents,
    cooccurrence,
    interviewee_segments,
)
from ptce_coding.analysis.quotations import quotations
from ptce_coding.analysis.synthesis_data import SynthesisData
from ptce_coding.analysis.unread_codings import as_read, by_threshold, unread_shares
from ptce_coding.base.coder_selection import MACHINE_CODERS, STRUCTURE_CODER, CoderSelection
from ptce_coding.base.errors import PtceError
from ptce_coding.base.notices import say
from ptce_coding.base.records import HUMAN_METHODS, METHODS
from ptce_coding.base.selected_codings import coders_used, one_per_coding, select_codings
from ptce_coding.codebook.model import Codebook
from ptce_coding.report.axis_chapter import axis_chapter
from ptce_coding.report.choices import ReportChoices
from ptce_coding.report.emergence_factors import EMERGENCE
from ptce_coding.report.formatting import names_agreeing
from ptce_coding.report.labels import Names, display_names, pole_order, whose_coding
from ptce_coding.report.method_model import DecidedSuggestions, Method
from ptce_coding.report.pole_bases import (
    coded_bases,
    coded_scope,
    coded_segment_count,
    coded_segment_shares,
    coded_shares,
    pole_bases,
    word_shares,
)
from ptce_coding.report.synthesis_model import QUOTES_PER_CHAPTER, Synthesis


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
    method.decided = _decided(raw, selection)
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


def _decided(raw: pd.DataFrame, selection: CoderSelection) -> DecidedSuggestions | None:
    """The taggers' suggestions a person decided (by the coders chosen, if any), with the
    lowest and highest confidence the tagger gave them; None without any."""
    taggers = [method for method in METHODS if method not in HUMAN_METHODS]
    found = raw[
        raw["method"].isin(taggers)
        & raw["status"].isin(["accepted", "rejected"])
        & raw["reviewed_by"].notna()
    ]
    if selection.coders:
        found = found[found["reviewed_by"].isin(selection.coders)]
    if found.empty:
        return None
    confidence = pd.to_numeric(found["confidence"], errors="coerce").dropna()
    said = found.loc[found["method"] == "rule", "evidence"].dropna().astype(str)
    thresholds = said.str.extract(_THRESHOLD, expand=False).dropna().astype(float)
    return DecidedSuggestions(
        accepted=int((found["status"] == "accepted").sum()),
        rejected=int((found["status"] == "rejected").sum()),
        lowest=float(confidence.min()) if not confidence.empty else None,
        highest=float(confidence.max()) if not confidence.empty else None,
        thresholds=tuple(sorted(set(thresholds))),
    )


# how a rule suggestion's evidence ends: the coding.min_confidence it was written at
_THRESHOLD = r"\(threshold (\d+(?:\.\d+)?)\)\s*$"


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
    in_coded = coded_scope(segments, documents_coded)  # the base of the shares
    matrices = {
        value: _in_order(case_code_matrix(segments, codings, codebook, value=value), case_names)
        for value in ("count", "documents")
    }
    matrices["share"] = coded_shares(in_coded, codings, codebook, matrices["count"])
    full = matrices["count"]
    overview_counts = _in_order(
        case_code_matrix(segments, codings, codebook, value="count", level=1), case_names
    )
    poles_quoted: Counter[str] = Counter()  # poles quoted so far, across the chapters
    chapters = [
        axis_chapter(axis, codebook, matrices, found, case_names, names, poles_quoted)
        for axis in codebook.top_level()
    ]
    bases = pole_bases(counted, codings, case_names, used)
    of_coded = coded_bases(counted, codings, documents_coded, case_names, used)
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
            "coded_segments": coded_segment_count(counted, codings),
            # a coding a decision cut: once; the consensus's decisions are said apart (method)
            "codings": len(one_per_coding(codings[codings["coder"] != selection.consensus])),
            # the taggers only when selected; of the poles shown, those who coded there
            "coders": len(_coding_here(used, raw, statuses)),
        },
        cases=attributes,
        overview=coded_shares(in_coded, codings, codebook, overview_counts, level=1),
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
        coded_bases=of_coded,
        coded=of_coded["interviews"],
        anonymised=view is not None,
        quotes_per_chapter=QUOTES_PER_CHAPTER,
        overview_words=word_shares(counted, codings, codebook, case_names),
        overview_interviews=interviews,
        moment=last_change(data.codings, data.memos),
    )
    synthesis.method.counted = used  # whose coding the consensus replaces (glossary)
    synthesis.method.coverage = coded_segment_shares(counted, codings)
    return synthesis
