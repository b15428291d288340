"""A suggestion waiting for review, as a reviewer reads it: its confidence against the
tagger's decision boundary, the turns around its passage, and where its evidence shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ptce_coding.base.errors import PtceError
from ptce_coding.store import Store

BOUNDARY = 0.5  # a calibrated confidence of 0.5 is where the model is least sure
# The assisted tagger writes its per-code decision threshold at the end of its evidence.
THRESHOLD = re.compile(r"\(threshold (0(?:\.\d+)?|1(?:\.0+)?)\)$")
# How the assisted tagger's evidence starts for a code learned from fewer coded segments than
# `model.min_positive` (tagging/classifier_coding.py): its probability is not calibrated but
# scaled down by positives / min_positive, and its threshold is 0.5 scaled alike.
FEW_EXAMPLES = "few examples ("


@dataclass(frozen=True)
class Suggestion:
    """A suggested coding waiting for review."""

    id: int
    document: str
    case: str
    start: int
    end: int
    code: str
    coder: str
    method: str
    confidence: float | None
    evidence: str | None
    text: str

    @property
    def boundary(self) -> float:
        """The confidence at which the tagger decides: the model's threshold for this code
        (written in its evidence), else 0.5."""
        match = THRESHOLD.search(self.evidence or "")
        value = float(match.group(1)) if match else BOUNDARY
        return value if 0.0 < value < 1.0 else BOUNDARY

    @property
    def few_examples(self) -> bool:
        """Whether the model suggests a code it learned from few coded segments: a
        confidence that is not calibrated (no held-out coding to calibrate it on), scaled
        down by how little it rests on."""
        return self.method == "model" and (self.evidence or "").startswith(FEW_EXAMPLES)

    @property
    def ceiling(self) -> float:
        """The highest confidence the tagger can give it: 1, but for a code learned from few
        examples its scale (twice its threshold: 0.5 scaled), which a probability of 1 reads."""
        if not self.few_examples:
            return 1.0
        return min(1.0, 2 * self.boundary)

    @property
    def uncertainty(self) -> float:
        """Closeness to the decision boundary, on the confidence's own range: 1 at the
        boundary, 0 at certainty (0, or the ``ceiling``: 1, or a few-example code's scale,
        where its classifier says 1). A suggestion without a confidence (a rule) counts as
        certain."""
        if self.confidence is None:
            return 0.0
        boundary = self.boundary
        span = boundary if self.confidence < boundary else self.ceiling - boundary
        if span <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - abs(self.confidence - boundary) / span))


@dataclass(frozen=True)
class SuggestionContext:
    """What a reviewer reads around a suggestion: the turns before and after, the speaker."""

    speaker: str | None
    previous: str | None
    previous_speaker: str | None
    next: str | None
    next_speaker: str | None


def context(store: Store, suggestion: Suggestion) -> SuggestionContext:
    """The segments just before and after the suggestion's passage, with speakers."""
    document = store.document(suggestion.document)
    if document is None:
        raise PtceError(f"unknown document {suggestion.document!r}")
    segments = store.segments(document.id)
    inside = [
        i for i, s in enumerate(segments) if s.start < suggestion.end and s.end > suggestion.start
    ]
    if not inside:
        return SuggestionContext(None, None, None, None, None)
    first, last = inside[0], inside[-1]
    before = segments[first - 1] if first > 0 else None
    after = segments[last + 1] if last + 1 < len(segments) else None
    return SuggestionContext(
        speaker=segments[first].speaker,
        previous=document.text[before.start : before.end] if before else None,
        previous_speaker=before.speaker if before else None,
        next=document.text[after.start : after.end] if after else None,
        next_speaker=after.speaker if after else None,
    )


def evidence_spans(suggestion: Suggestion) -> list[tuple[int, int]]:
    """Where the evidence shows in the suggestion's text (offsets into ``text``): the words
    a rule matched, or the words starting like the model's terms (which are lemmas)."""
    evidence = suggestion.evidence or ""
    quoted = re.findall(r"« (.+?) »", evidence)
    if quoted:
        patterns = [re.escape(q) for q in quoted]
    else:
        terms = THRESHOLD.sub("", evidence).split(",")
        words = {w.strip("«»") for term in terms for w in term.split() if len(w.strip("«»")) > 2}
        patterns = [r"\b" + re.escape(word[: max(3, len(word) - 2)]) + r"\w*" for word in words]
    spans = [
        (m.start(), m.end())
        for pattern in patterns
        for m in re.finditer(pattern, suggestion.text, flags=re.IGNORECASE)
    ]
    return sorted(set(spans))
