"""The cooperation network of every pole, from the store: members, mentions, ties, measures,
readings, the comparison with the governance coded by the researchers (its records in
network_result.py, one pole read in pole_reading.py, the governance in governance.py; its files
in network_files.py)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pandas as pd

from ptce_coding.analysis.frames import codings_frame, segments_frame
from ptce_coding.analysis.matrices import coded_segments, interviewee_segments
from ptce_coding.base.coder_selection import STRUCTURE_CODER, CoderSelection
from ptce_coding.base.language import DocCache, for_pipeline, load_pipeline
from ptce_coding.base.selected_codings import select_codings
from ptce_coding.codebook.model import Codebook
from ptce_coding.network.candidates import load_ner, propose_organisations
from ptce_coding.network.governance import GOVERNANCE_CODES, governance_counts, under
from ptce_coding.network.members import Member, read_members, unknown_cases
from ptce_coding.network.mentions import SegmentDoc, find_mentions
from ptce_coding.network.network_result import NetworkResult
from ptce_coding.network.pole_reading import read_pole
from ptce_coding.network.settings import NetworkSettings, check_network_settings
from ptce_coding.network.ties import CodedSegment, Tie, build_ties
from ptce_coding.network.typology import UNCODED, unlisted
from ptce_coding.store import Store


def default_statuses(store: Store) -> tuple[str, ...]:
    """Accepted codings when there are any, else the rules' suggestions too (as the report).
    The interview's structural codings (`ptce-coding structure`), accepted though no one
    coded them, do not count: after them, no cooperation segment would be read."""
    if store.count_codings(["accepted"], except_coder=STRUCTURE_CODER):
        return ("accepted",)
    return ("accepted", "suggested")


def build_network(
    settings: NetworkSettings,
    store: Store,
    codebook: Codebook,
    *,
    members_file: Path,
    cache_folder: Path,
    statuses: tuple[str, ...] | None = None,
    candidates: bool = True,
    selection: CoderSelection | None = None,
) -> NetworkResult:
    """Everything `ptce-coding network` shows and writes, from the members listed in
    ``members_file``; parses kept in ``cache_folder``/docs (the project's ``.cache/``);
    cooperation segments from the codings of ``selection`` (default: every coder's)."""
    documents = store.documents()
    check_network_settings(
        settings,
        {code.id for code in codebook.codes},
        [document.attributes for document in documents],
        store.cases().values(),
    )
    members = read_members(members_file)
    statuses = statuses or default_statuses(store)
    segments = interviewee_segments(segments_frame(store))
    cases = sorted(set(segments["case"]))
    nlp = load_pipeline()
    cache = DocCache(cache_folder / "docs", nlp)
    keep = set(zip(segments["document"], segments["segment"], strict=True))
    parsed: list[SegmentDoc] = []
    for document in documents:
        spans = store.segments(document.id)
        docs = cache.parse(document.text, document.text_hash, [(s.start, s.end) for s in spans])
        parsed.extend(
            SegmentDoc(document.case, document.name, s.position, s.start, doc)
            for s, doc in zip(spans, docs, strict=True)
            if (document.name, s.position) in keep
        )
    mentions = find_mentions(parsed, members, nlp)
    codings = select_codings(
        codings_frame(store), selection or CoderSelection(), segments_frame(store, with_text=False)
    )
    codings = codings[codings["status"].isin(statuses)]
    coded = _cooperation_segments(segments, codings, settings.cooperation_codes)
    speakers, unknown = _speakers(store, members, settings.organisation_attribute)
    ties = build_ties(mentions, coded, speakers, settings.ties, settings.max_members_per_segment)
    texts = store.document_texts()
    attributes = store.cases()
    governance = governance_counts(segments, codings)
    # coded as the report counts it: a coding on an interviewee's segment, the interview's
    # structure (which marks every interview) aside
    counted = codings[codings["coder"] != STRUCTURE_CODER]
    coded_cases = set(coded_segments(segments, counted)["case"])
    # every pole with interviews: one whose members are not listed is said so, not left out
    poles = [
        read_pole(case, members, mentions, ties, attributes.get(case, {}), governance, settings)
        for case in cases
    ]
    listed = {m.case for m in members}
    for pole in poles:
        pole.listed, pole.coded = pole.case in listed, pole.case in coded_cases
        if not pole.read:
            pole.reading = UNCODED if pole.listed else unlisted(members_file.name)
            # its governance segments are not known yet either (not « 0 ») when uncoded
            if not pole.coded:
                pole.governance.update({column: None for column, _ in GOVERNANCE_CODES})
            pole.governance["agreement"] = "—"
    found = None
    if candidates:
        found = propose_organisations(
            zip(
                segments["case"].tolist(),
                segments["document"].tolist(),
                segments["start"].tolist(),
                segments["text"].tolist(),
                strict=True,
            ),
            members,
            mentions,
            load_ner(),
            {case: str(values.get("nom") or case) for case, values in attributes.items()},
        )
    return NetworkResult(
        statuses=statuses,
        poles=poles,
        ties=ties,
        mentions=mentions,
        evidence=_evidence(ties, texts),
        candidates=found,
        rules=settings.ties,
        cooperation_codes=settings.cooperation_codes,
        unknown_organisations=unknown,
        cases_without_interviews=unknown_cases(members, cases),
    )


def _cooperation_segments(
    segments: pd.DataFrame, codings: pd.DataFrame, prefixes: tuple[str, ...]
) -> list[CodedSegment]:
    mine = codings[codings["code"].map(lambda c: any(under(c, p) for p in prefixes))]
    found = coded_segments(segments, mine)
    rows: list[CodedSegment] = []
    for key, group in found.groupby(["case", "document", "segment"]):
        case, document, segment = cast("tuple[str, str, int]", key)
        rows.append(
            CodedSegment(
                case,
                document,
                int(segment),
                int(group["start"].iloc[0]),
                int(group["end"].iloc[0]),
                tuple(sorted(set(group["code"]))),
            )
        )
    return rows


def _speakers(
    store: Store, members: list[Member], attribute: str
) -> tuple[dict[str, str], dict[str, str]]:
    """document → the member its interviewee belongs to; and values naming no member."""
    speakers: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for document in store.documents():
        value = str(document.attributes.get(attribute) or "").strip()
        if not value:
            continue
        match = next(
            (
                m
                for m in members
                if m.case == document.case and _said(value) in {_said(a) for a in m.aliases}
            ),
            None,
        )
        if match is None:
            unknown[document.name] = value
        else:
            speakers[document.name] = match.name
    return speakers, unknown


def _said(name: str) -> str:
    """An organisation's name as documents.csv and members.csv may both write it: « d’Orge »
    (a word processor's apostrophe) and « d'Orge », a non-breaking space and a space, any
    capitals, are one name, as they are for the mentions in the interviews."""
    return " ".join(for_pipeline(name).casefold().split())


def _evidence(ties: list[Tie], texts: dict[str, str]) -> pd.DataFrame:
    rows = []
    for tie in ties:
        for e in tie.evidence:
            rows.append(
                {
                    "case": tie.case,
                    "organisation_a": tie.a,
                    "organisation_b": tie.b,
                    "weight": tie.weight,
                    "rule": e.rule,
                    "document": e.document,
                    "segment": e.segment,
                    "start": e.start,
                    "end": e.end,
                    "codes": "; ".join(e.codes),
                    "text": texts.get(e.document, "")[e.start : e.end],
                }
            )
    columns = [
        "case",
        "organisation_a",
        "organisation_b",
        "weight",
        "rule",
        "document",
        "segment",
        "start",
        "end",
        "codes",
        "text",
    ]
    return pd.DataFrame(rows, columns=columns)


def network_if_listed(
    settings: NetworkSettings,
    store: Store,
    codebook: Codebook,
    *,
    members_file: Path,
    cache_folder: Path,
    include_suggestions: bool,
    selection: CoderSelection | None = None,
) -> NetworkResult | None:
    """The network for `ptce-coding run` and `report`: None when there is no members file."""
    if not members_file.is_file():
        return None
    statuses = ("accepted", "suggested") if include_suggestions else ("accepted",)
    return build_network(
        settings,
        store,
        codebook,
        members_file=members_file,
        cache_folder=cache_folder,
        statuses=statuses,
        selection=selection,
    )
