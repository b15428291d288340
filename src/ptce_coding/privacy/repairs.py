"""A name cut off and said again: « la société Thoms- avec Thomson ».

Speech breaks a word off and starts it again (a self-repair, which transcripts write with a
hyphen: « Thoms- », « Maré- »). The whole word said right after, beginning with the letters
of the cut one, is the same name: it takes the kind the context gave the cut word (« la
société Thoms- »: an organisation), which the NER, reading « avec Thomson » alone, may not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ptce_coding.privacy.context import mention_kind
from ptce_coding.privacy.detection import Detection

# how far after the cut word the repair may come (« Thoms- avec Thomson »: a few words)
_REPAIR_WITHIN = 30
_PERSONAL_KINDS = frozenset({"person", "organisation", "place"})
# a hyphen that ends a word: the word was cut off (« Thoms- avec », not « Saint-Ouen »)
_CUT_AFTER = re.compile(r"-(?![\w'’])")


def _is_cut(detection: Detection, text: str) -> bool:
    """Whether the name ``detection`` finds in ``text`` is a word cut off (« Thoms- »)."""
    if detection.kind not in _PERSONAL_KINDS or len(detection.text.rstrip("-")) < 3:
        return False
    end = detection.end - 1 if detection.text.endswith("-") else detection.end
    return " " not in detection.text and bool(_CUT_AFTER.match(text, end))


def _repairs(cut: Detection, stem: str, found: Sequence[Detection]) -> list[int]:
    """The indexes in ``found`` of the detections that say the cut word ``cut`` (its letters
    ``stem``, folded) again whole, right after it."""
    return [
        i
        for i, other in enumerate(found)
        if other.document == cut.document
        and 0 < other.start - cut.end <= _REPAIR_WITHIN
        and other.kind in _PERSONAL_KINDS
        and other.text.casefold().startswith(stem)
        and len(other.text) > len(stem)
    ]


def with_repaired_kinds(
    found: Sequence[Detection], documents: Mapping[str, str]
) -> list[Detection]:
    """``found`` where a name said again whole after its cut start (« Thoms- avec
    Thomson ») has the kind the cut word's context gives it, else the cut word's
    (``documents``: {name: text})."""
    result = list(found)
    for cut in found:
        text = documents.get(cut.document, "")
        if not _is_cut(cut, text):
            continue
        kind = mention_kind(text, cut.start, cut.end) or cut.kind  # « la société Thoms- »
        for i in _repairs(cut, cut.text.rstrip("-").casefold(), found):
            result[i] = replace(result[i], kind=kind)
    return result
