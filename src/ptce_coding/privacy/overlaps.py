"""Which of overlapping detections stands: one span of text is one name.

The stronger source wins, then the longer span (``resolve_overlaps``); but a person's full
name the NER reads, or a speaker label writes, wins over a speaker's or a title's surname
inside it (« Hélène Roussel » over « Roussel » of « Mme Roussel ») and a project's one-word
organisation at its end (« Bernard Kessler » over « Kessler », the scierie Kessler):
``without_name_parts``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ptce_coding.privacy.detection import SOURCES, Detection

_PARTICLES = {"de", "du", "des", "d'", "d’", "la", "le"}


def _full_name(text: str) -> bool:
    """Capitalised words on one line, maybe with a particle: « Hélène Roussel », « Jean de
    La Fontaine »."""
    words = text.split()
    return (
        len(words) > 1
        and "\n" not in text
        and all(w[0].isupper() or w in _PARTICLES or w[:2] in _PARTICLES for w in words)
    )


def without_name_parts(found: list[Detection]) -> list[Detection]:
    """Without the shorter detections inside a person's full name that the NER or a speaker
    label reads: a speaker label's or a title's surname (« Roussel » of « Mme Roussel » in
    « Hélène Roussel », whose first name would stay in clear), and the project's one-word
    organisation at its end (« Bernard Kessler », in the text or as a label, is the patron
    of the scierie Kessler, one person, not « Bernard Organisation 2 »). A list's name stays
    as it is."""
    by_document: dict[str, list[Detection]] = {}
    for detection in found:
        by_document.setdefault(detection.document, []).append(detection)
    dropped: set[int] = set()
    for person in found:
        if (
            person.source not in ("model", "speaker")
            or person.kind != "person"
            or not _full_name(person.text)
        ):
            continue
        inside = [
            d
            for d in by_document[person.document]
            if person.start <= d.start <= d.end <= person.end and d.end - d.start < len(person.text)
        ]
        company = [d for d in inside if d.source == "project" and d.end == person.end]
        if len(company) > 1 or (company and " " in company[0].text):
            continue
        rest = [d for d in inside if d not in company]
        if (
            inside
            and all(d.source != "list" and d.kind == "person" for d in rest)
            and (company or any(d.source in ("speaker", "pattern") for d in rest))
        ):
            dropped.update(id(d) for d in inside)
    return [d for d in found if id(d) not in dropped]


def resolve_overlaps(detections: Iterable[Detection]) -> list[Detection]:
    """Overlapping detections of a document: the stronger source wins, then the longer span."""
    rank = {source: i for i, source in enumerate(SOURCES)}
    ordered = sorted(detections, key=lambda d: (rank[d.source], -(d.end - d.start), d.start))
    kept: dict[str, list[Detection]] = {}
    for detection in ordered:
        mine = kept.setdefault(detection.document, [])
        if any(d.start < detection.end and detection.start < d.end for d in mine):
            continue
        mine.append(detection)
    return sorted(
        (d for group in kept.values() for d in group), key=lambda d: (d.document, d.start)
    )
