"""The codebook's own words (labels, definitions, examples) as training examples."""

from __future__ import annotations

import numpy as np

from ptce_coding.base.language import blank_pipeline
from ptce_coding.codebook.loader import parse_codebook
from ptce_coding.tagging.classifier import SegmentCoder
from ptce_coding.tagging.training_data import codebook_examples

CODEBOOK = """
name: test
codes:
  - id: COOP
    label: Coopération
    children:
      - id: COOP.LIEU
        label: Mutualisation de locaux
        definition: Partage de bureaux, d'ateliers ou d'entrepôts.
        examples: ["On partage l'atelier avec la SCOP."]
  - id: ECO
    label: Fonctionnement économique
"""


def test_codebook_examples_label_the_code_and_its_ancestors() -> None:
    book = parse_codebook(CODEBOOK)
    codes = ["COOP", "COOP.LIEU", "ECO"]
    examples, labels = codebook_examples(book, codes, blank_pipeline())
    texts = examples["lemmas"].tolist()
    assert len(texts) == 5  # 2 labels, 1 definition, 1 example, 1 label
    assert "atelier" in texts[3]
    assert examples["text"][3] == "On partage l'atelier avec la SCOP."  # as written
    by_text = dict(zip(texts, labels.tolist(), strict=True))
    assert by_text[texts[3]] == [1, 1, 0]  # an example of COOP.LIEU is also COOP
    assert by_text[texts[0]] == [1, 0, 0]  # COOP's label: not COOP.LIEU
    assert labels[-1].tolist() == [0, 0, 1]


def test_examples_teach_words_no_segment_has() -> None:
    rng = np.random.default_rng(0)
    filler = ["projet", "réunion", "territoire", "budget", "salarié", "association"]
    texts, y = [], []
    for i in range(40):
        words = list(rng.choice(filler, 6))
        positive = i % 4 == 0
        if positive:
            words.append("atelier")
        texts.append(" ".join(words))
        y.append(int(positive))
    labels = np.array(y).reshape(-1, 1)
    unseen = ["entrepôt hangar entrepôt"]  # words only the codebook's examples use
    plain = SegmentCoder(random_state=0).fit(texts, labels, ["COOP.LIEU"])
    taught = SegmentCoder(random_state=0).fit(
        texts,
        labels,
        ["COOP.LIEU"],
        examples=["entrepôt hangar", "atelier entrepôt"],
        example_labels=np.array([[1], [1]]),
    )
    assert taught.predict_proba(unseen)[0, 0] > plain.predict_proba(unseen)[0, 0]
    # the thresholds still come from the segments' out-of-fold scores only
    assert taught.fits_["COOP.LIEU"].positives == plain.fits_["COOP.LIEU"].positives == 10
