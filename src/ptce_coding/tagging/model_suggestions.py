"""The model's suggestions on the segments not coded for a code: at or above the code's
threshold, weighed where no rule finds the code, not where a reviewer decided or a rule
suggestion waits, the most specific code of a segment kept, with the evidence a reviewer can
read (what a suggestion rests on, its weightiest terms)."""

from __future__ import annotations

import numpy as np

from ptce_coding.base.coded_spans import CodedSpans
from ptce_coding.base.records import Coding, CodingRow
from ptce_coding.codebook.model import Codebook
from ptce_coding.tagging.classifier import SegmentCoder
from ptce_coding.tagging.learned_codes import codebook_codes
from ptce_coding.tagging.model_evidence import given_no_rule, unfound_rates
from ptce_coding.tagging.suggest_run import SuggestRun
from ptce_coding.tagging.training_data import SegmentItem, frame

CODER = "model"
EVIDENCE_TERMS = 5


def model_suggestions(
    run: SuggestRun,
    codebook: Codebook,
    model: SegmentCoder,
    items: list[SegmentItem],
    labels: np.ndarray,
    codings: list[CodingRow],
    stop_words: frozenset[str],
    min_confidence: float = 0.0,
) -> list[tuple[int, Coding]]:
    """The model's suggestions on the segments not coded for a code: those at or above the
    code's threshold and, for a code learned with a calibrated probability, at or above
    ``min_confidence`` (``coding.min_confidence``, as rule suggestions); a code learned from
    few examples keeps its scaled threshold (its confidence says how little it rests on)."""
    if not model.codes_:
        return []
    codes = codebook_codes(codebook)
    targets = np.flatnonzero((labels == -1).any(axis=1))
    if not len(targets):
        return []
    texts = frame([items[i] for i in targets])
    probabilities = model.predict_proba(texts)
    decided = CodedSpans(
        row
        for row in codings
        if row.status == "accepted" or (row.coder == CODER and row.status != "suggested")
    )

    above = codebook.above
    # a rule suggestion of a code stands for the codes above it too: its confidence already
    # holds the model's reading of the nearest one learned (model_evidence.py)
    rules = [r for r in codings if r.method == "rule"]
    waiting = CodedSpans((r for r in rules if r.status == "suggested"), above)
    rates = unfound_rates(model, items, labels, codes, CodedSpans(rules, above))
    for j, code in enumerate(model.codes_):
        if code in rates:
            fit, rate = model.fits_[code], rates[code]
            probabilities[:, j] = [given_no_rule(fit, p, rate) for p in probabilities[:, j]]
    found = []
    for j, code in enumerate(model.codes_):
        threshold = float(model.thresholds_[j])
        if model.fits_[code].scale >= 1.0:
            threshold = max(threshold, min_confidence)
        chosen = [
            int(k)
            for k in np.flatnonzero(probabilities[:, j] >= threshold)
            if labels[targets[k], codes.index(code)] == -1
        ]
        if not chosen:
            continue
        terms = model.evidence(texts.iloc[chosen], code, 4 * EVIDENCE_TERMS)
        for k, weighed in zip(chosen, terms, strict=True):
            words = _readable(weighed, stop_words)
            item = items[targets[k]]
            if decided.overlap(item.document, code, item.start, item.end):
                run.skipped_decided += 1
                continue
            if waiting.overlap(item.document, code, item.start, item.end):
                run.already_suggested += 1
                continue
            found.append(
                (
                    item.document_id,
                    Coding(
                        document=item.document,
                        start=item.start,
                        end=item.end,
                        code=code,
                        coder=CODER,
                        method="model",
                        status="suggested",
                        confidence=round(float(probabilities[k, j]), 4),
                        evidence=f"{_basis(model, code, rates)}{', '.join(words)} "
                        f"(threshold {threshold:.2f})",
                        codebook_version=codebook.version,
                    ),
                )
            )
    return _most_specific(codebook, found)


def _most_specific(codebook: Codebook, found: list[tuple[int, Coding]]) -> list[tuple[int, Coding]]:
    """The suggestions less those of a code above another one suggested on the same segment:
    the more specific stands for it (one review item)."""
    covered = {
        (coding.document, coding.start, code)
        for _, coding in found
        for code in codebook.above(coding.code)
    }
    return [
        (document, coding)
        for document, coding in found
        if (coding.document, coding.start, coding.code) not in covered
    ]


def _basis(model: SegmentCoder, code: str, rates: dict[str, float]) -> str:
    """What a suggestion rests on, said first in its evidence: few examples, or the share of
    the coded passages without a rule finding that have the code."""
    fit = model.fits_[code]
    if fit.scale >= 1:
        if code not in rates:
            return ""
        return f"no rule finding ({rates[code]:.0%} of such coded passages have the code): "
    return f"few examples ({fit.positives} coded segment(s) and the codebook): "


def _readable(terms: list[str], stop_words: frozenset[str]) -> list[str]:
    """The evidence a reviewer can read: terms with a stop word (« le », « de ») left out,
    unless nothing else is left."""
    kept = [t for t in terms if not any(w in stop_words for w in t.strip("«»").split())]
    return (kept or terms)[:EVIDENCE_TERMS]
