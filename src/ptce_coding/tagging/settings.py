"""What the taggers read from project.yaml (parsed by app/project.py): the `language`, the
`coding` section (interviewer turns, the rules' confidence threshold) and the `model`
section (the assisted tagger's settings)."""

from __future__ import annotations

from dataclasses import dataclass

# coding.min_confidence: rule suggestions less likely are not written (tagging/relevance.py).
# 0.35 favours precision at the best F1 of the thresholds tried on the dev set, cross-validated
# (3 draws of 5 folds, benchmarks/real_text.py --fit): micro P 0.673 R 0.569 F1 0.617 (0.30:
# 0.657 / 0.581 / 0.616; 0.40: 0.692 / 0.554 / 0.615; 0.25: 0.621 / 0.607 / 0.614)
DEFAULT_MIN_CONFIDENCE = 0.35
# coding.far_closeness: a document less close to the codebook is read as far from what it
# describes (tagging/far_documents.py, where the value is measured)
DEFAULT_FAR_CLOSENESS = 0.19


@dataclass(frozen=True)
class CodingSettings:
    """How the rules and the assisted tagger code a project's segments."""

    language: str = "fr"  # the spaCy pipeline's language (tagging/languages.py)
    interviewer_turns: bool = False  # coding.interviewer_turns: code interviewer turns too
    min_confidence: float = DEFAULT_MIN_CONFIDENCE  # coding.min_confidence
    sentence_vectors: bool = True  # model.sentence_vectors: the rules' scoring reads them too
    far_closeness: float = DEFAULT_FAR_CLOSENESS  # coding.far_closeness


@dataclass(frozen=True)
class ModelSettings:
    """The assisted tagger's parameters (``model:``; the fields are saved with a fitted
    model, which is reused only while they are the same)."""

    min_positive: int = 5
    C: float = 10.0
    folds: int = 5
    random_state: int = 0
    codebook_examples: bool = True  # the codebook's labels, definitions, examples as training
    few_shot: int = 1  # revision of the few-shot learning of codes under min_positive
    sentence_vectors: bool = True  # each segment's multilingual sentence vector as features
